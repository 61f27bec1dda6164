import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CaqError } from '../errors.js';
import type { SealLaunch } from '../sandbox/seal-launch.js';
import { launchFor, parseBashTimeReport, parseWait4Report, type ChildLimits, type ClockReport } from './launchers.js';
import { LogTail } from './log-tail.js';
import type { CpuClock, TimedCall } from './types.js';

export interface RunTimedOptions {
  clock: CpuClock;
  cwd: string;
  timeoutMs: number;
  /** Largest file the child may write, address space, processes; each unlimited when absent. */
  limits?: ChildLimits;
  /** Run inside this seal (bwrap), timed by the helper inside it. */
  seal?: SealLaunch;
  /** Bytes of stdout and of stderr kept (the tail); default 64 KiB each. */
  logBytes?: number;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
}

/** Grace beyond the child's own timeout before the harness gives up on the helper itself. */
const HELPER_GRACE_MS = 15_000;

/**
 * Runs argv (never through a shell of our making: argv goes to execvp as is)
 * under the chosen clock, and returns how it ended and what the kernel charged it.
 */
export async function runTimed(argv: string[], opts: RunTimedOptions): Promise<TimedCall> {
  if (argv.length === 0) throw new CaqError('USAGE', 'empty command');
  const reportDir = await mkdtemp(join(tmpdir(), 'caqbench-clock-'));
  const report = join(reportDir, 'report');
  const launch = launchFor(opts.clock, argv, report, opts.timeoutMs, opts.limits ?? {}, opts.seal);
  const stdout = new LogTail(opts.logBytes ?? 65536);
  const stderr = new LogTail(opts.logBytes ?? 65536);
  try {
    const started = process.hrtime.bigint();
    const child = execa(launch.file, launch.args, {
      cwd: opts.cwd,
      // bwrap clears the environment inside the seal anyway; nothing of ours needs to reach it.
      ...(opts.seal === undefined ? { env: opts.env } : { env: {}, extendEnv: false }),
      stdio: ['ignore', 'pipe', 'pipe', launch.reportOnFd3 ? 'pipe' : 'ignore'],
      buffer: false,
      reject: false,
      detached: launch.callerEnforcesTimeout,
      ...(launch.uid === undefined ? {} : { uid: launch.uid, gid: launch.gid }),
    });
    const reportChunks: Buffer[] = [];
    const reportStream = child.stdio[3];
    const reportEnded = new Promise<void>((done) => {
      if (reportStream === null || reportStream === undefined) return done();
      reportStream.on('data', (chunk: Buffer) => reportChunks.push(chunk));
      reportStream.once('close', () => done());
    });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The wait4 helper enforces the timeout itself; this timer is only its safety net (SIGTERM,
    // which the helper forwards to the codec's group). bash-time relies on it: kill bash's whole group.
    // (execa's own `timeout` option is avoided: it costs ~20 ms per call.)
    const own = launch.callerEnforcesTimeout;
    let killedAtTimeout = false;
    const timer = setTimeout(
      () => {
        killedAtTimeout = own;
        try {
          if (child.pid !== undefined) process.kill(own ? -child.pid : child.pid, own ? 'SIGKILL' : 'SIGTERM');
        } catch {
          // it ended between the timer firing and the kill: nothing left to stop
        }
      },
      opts.timeoutMs + (own ? 0 : HELPER_GRACE_MS),
    );
    const result = await child;
    clearTimeout(timer);
    await reportEnded;
    const wall_s = Number(process.hrtime.bigint() - started) / 1e9;
    const text = launch.reportOnFd3
      ? Buffer.concat(reportChunks).toString('utf8')
      : await readFile(report, 'utf8').catch(() => '');
    const parsed = parseReport(opts.clock, text, killedAtTimeout, wall_s);
    if (parsed === undefined || (!killedAtTimeout && result.exitCode !== 0)) {
      throw new CaqError('INTERNAL', `the ${opts.clock.kind} clock failed to time ${JSON.stringify(argv)}`, {
        hint: `helper exit ${String(result.exitCode)}; stderr: ${stderr.text().slice(-500)}`,
      });
    }
    return {
      argv,
      ...parsed,
      stdoutTail: stdout.text(),
      stderrTail: stderr.text(),
      stdoutBytes: stdout.total,
      stderrBytes: stderr.total,
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

function parseReport(clock: CpuClock, text: string, killedAtTimeout: boolean, wall_s: number): ClockReport | undefined {
  if (clock.kind === 'bash-time') {
    if (!killedAtTimeout && !/^status \d+$/m.test(text)) return undefined;
    return parseBashTimeReport(text, killedAtTimeout, wall_s);
  }
  try {
    return parseWait4Report(text);
  } catch {
    return undefined;
  }
}
