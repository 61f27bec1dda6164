import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSandbox } from '../../harness/src/sandbox/policy.js';
import { handOver, openWorkRoot, sealLaunch, type SealedPolicy } from '../../harness/src/sandbox/seal-launch.js';
import { resolveCpuClock } from '../../harness/src/timing/cpu-clock.js';
import { runTimed } from '../../harness/src/timing/run-timed.js';
import type { CpuClock } from '../../harness/src/timing/types.js';
import { buildBusyLoop, ensureRusageHelper } from '../timing/helpers.js';

/** The timing of a sealed call, through the real bwrap: the figures are the codec's own, and only its own. */
let clock: CpuClock;
let policy: SealedPolicy;
let busy: string;
let root: string;
const tag = `sealed-${process.pid}`;

beforeAll(async () => {
  await ensureRusageHelper();
  clock = resolveCpuClock('wait4');
  const resolved = await resolveSandbox({}, clock, process.cwd());
  if (!resolved.sealed) throw new Error(`these tests need a working bwrap: ${resolved.reason}`);
  policy = resolved;
  busy = await buildBusyLoop();
  await chmod(dirname(busy), 0o755);
  root = await mkdtemp(join(tmpdir(), 'caqbench-sealed-'));
  await openWorkRoot(root, policy);
});
afterAll(async () => {
  await rm(dirname(busy), { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

async function sealed(argv: string[]) {
  const work = await mkdtemp(join(root, 'call-'));
  await handOver(work, policy);
  return runTimed(argv, {
    clock,
    cwd: work,
    timeoutMs: 30_000,
    seal: sealLaunch(policy, clock.helper!, [dirname(busy)], work),
  });
}

describe('a call timed inside the seal', () => {
  it("reports the codec's own CPU (wait4 on bwrap from outside would report none of it)", async () => {
    const call = await sealed([busy, '200000']);
    const own = Number(call.stdoutTail.trim()) / 1e6;
    expect(own).toBeGreaterThanOrEqual(0.2);
    expect(call.exitCode).toBe(0);
    expect(call.timing.cpu_s).toBeGreaterThanOrEqual(own);
  });

  it('charges the CPU of a detached grandchild, which an unsealed wait4 never sees', async () => {
    // The grandchild leaves the codec's process group and session; the codec waits for its marker file.
    const script = `(setsid sh -c '"$0" 200000 >/dev/null; touch done' "$0" &); while [ ! -e done ]; do sleep 0.02; done`;
    const call = await sealed(['sh', '-c', script, busy]);
    expect(call.exitCode).toBe(0);
    expect(call.timing.cpu_s).toBeGreaterThanOrEqual(0.2);
  });

  it('cannot be forged: the report descriptor is closed to the codec and the helper is not readable through /proc', async () => {
    const fake =
      '{"utime_us":1,"stime_us":1,"maxrss_kb":1,"wall_ns":1,"exit_code":0,"signal":null,"timed_out":false,"exec_errno":0}';
    const script = `echo '${fake}' >&3; echo '${fake}' > /proc/1/fd/3; ls /proc/1/fd; "$0" 100000`;
    const call = await sealed(['sh', '-c', script, busy]);
    expect(call.stderrTail).toMatch(/Bad file descriptor/);
    expect(call.stderrTail).toMatch(/Permission denied/);
    expect(call.timing.cpu_s).toBeGreaterThanOrEqual(0.1);
  });

  it('cannot remount its read-only folder writable, nor write anywhere but its work dir', async () => {
    const script = `mount -o remount,rw,bind "$1" 2>&1; touch "$1/escaped" /tmp/x /usr/escaped 2>&1; touch ./inside && echo inside-ok`;
    const call = await sealed(['sh', '-c', script, 'sh', dirname(busy)]);
    expect(call.stdoutTail).toContain('inside-ok');
    expect(readdirSync(dirname(busy))).toEqual(['busy-loop']);
  });

  it('has a private /tmp no larger than the memory limit', async () => {
    const small: SealedPolicy = { ...policy, limits: { ...policy.limits, maxMemoryBytes: 8 << 20 } };
    const work = await mkdtemp(join(root, 'call-'));
    await handOver(work, small);
    const call = await runTimed(['sh', '-c', 'head -c 16777216 /dev/zero > /tmp/fill; echo "status $?"; ls /tmp'], {
      clock,
      cwd: work,
      timeoutMs: 30_000,
      seal: sealLaunch(small, clock.helper!, [], work),
    });
    expect(call.stderrTail).toMatch(/No space left on device/);
    expect(call.stdoutTail).toMatch(/^status 1$/m);
  });

  it('leaves no process behind, not even one in a session of its own', async () => {
    const call = await sealed([
      'sh',
      '-c',
      `setsid sh -c 'exec -a caq-left-${tag} sleep 600' </dev/null >/dev/null 2>&1 & exit 0`,
    ]);
    expect(call.exitCode).toBe(0);
    const alive = readdirSync('/proc').filter(
      (p) =>
        /^\d+$/.test(p) &&
        (() => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`caq-left-${tag}`);
          } catch {
            return false;
          }
        })(),
    );
    expect(alive).toEqual([]);
  });
});
