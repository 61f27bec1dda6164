import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { runTimed } from '../timing/run-timed.js';
import type { CpuClock } from '../timing/types.js';
import { LIMIT_DEFAULTS } from './limits.js';
import { handOver, openWorkRoot, sealHostUser, sealLaunch, type SealedPolicy } from './seal-launch.js';

export type ProbeResult = { usable: true; tool: string } | { usable: false; reason: string };

/** The bwrap a session uses: the one given (the CLI passes $CAQBENCH_BWRAP), else Debian's. */
export function bwrapPath(given?: string): string {
  return given ?? '/usr/bin/bwrap';
}

const probes = new Map<string, Promise<ProbeResult>>();

/**
 * Whether calls can be sealed here, found out once per process (per bwrap and clock):
 * bwrap must exist, and seal a do-nothing call timed by the wait4 helper inside it,
 * exactly as a codec call will be (a kernel without unprivileged user namespaces, or
 * a container that forbids them, fails here).
 */
export function probeSandbox(bwrap: string, clock: CpuClock): Promise<ProbeResult> {
  const key = `${bwrap}\0${clock.kind}\0${clock.helper ?? ''}`;
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = runProbe(bwrap, clock);
    probes.set(key, probe);
  }
  return probe;
}

async function runProbe(bwrap: string, clock: CpuClock): Promise<ProbeResult> {
  if (clock.kind !== 'wait4' || clock.helper === undefined) {
    return {
      usable: false,
      reason:
        'the seal needs the wait4 clock (build/native/rusage-exec): bash-time reports through a descriptor the codec could reach',
    };
  }
  try {
    accessSync(bwrap, constants.X_OK);
  } catch {
    return {
      usable: false,
      reason: `bwrap is not installed or not executable at ${bwrap} (Debian package: bubblewrap)`,
    };
  }
  const version = await execa(bwrap, ['--version'], { reject: false });
  const tool = /^bubblewrap (\S+)/.exec(version.stdout)?.[1];
  if (version.exitCode !== 0 || tool === undefined)
    return { usable: false, reason: `${bwrap} --version did not name a bubblewrap version` };
  const policy: SealedPolicy = {
    sealed: true,
    bwrap,
    tool: `bwrap ${tool}`,
    allowRead: [],
    hidden: [],
    limits: { ...LIMIT_DEFAULTS },
    hostUser: sealHostUser(),
  };
  const root = await mkdtemp(join(tmpdir(), 'caqbench-probe-'));
  try {
    await openWorkRoot(root, policy);
    const work = join(root, 'work');
    await mkdtemp(work).then(async (dir) => {
      await handOver(dir, policy);
      const call = await runTimed(['true'], {
        clock,
        cwd: dir,
        timeoutMs: 10_000,
        seal: sealLaunch(policy, clock.helper!, [], dir),
      });
      if (call.exitCode !== 0)
        throw new Error(`a sealed \`true\` ended with ${call.exitCode ?? call.signal}: ${call.stderrTail.trim()}`);
    });
    return { usable: true, tool: policy.tool };
  } catch (error) {
    const message = (error as { hint?: string }).hint ?? (error as Error).message;
    return {
      usable: false,
      reason: `${bwrap} cannot seal a call here: ${message.split('\n').find((l) => l.trim() !== '') ?? message}`,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
