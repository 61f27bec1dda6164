import { constants } from 'node:os';
import { CaqError } from '../errors.js';
import type { SealLaunch } from '../sandbox/seal-launch.js';
import type { ChildTiming, CpuClock } from './types.js';

/** How a clock wraps a command, and how its report turns back into figures. */
export interface Launch {
  file: string;
  args: string[];
  /** bash-time cannot kill its child's tree itself: the caller kills the process group. */
  callerEnforcesTimeout: boolean;
  /** The wait4 helper reports on fd 3, a pipe of the caller's; bash-time writes the report file. */
  reportOnFd3: boolean;
  uid?: number;
  gid?: number;
}

/** Limits the clock's launcher puts on the child (setrlimit just before exec). */
export interface ChildLimits {
  /** RLIMIT_FSIZE, bytes. */
  fileSizeLimit?: number;
  /** RLIMIT_AS, bytes. */
  addressSpace?: number;
  /** RLIMIT_NPROC: only with a seal, whose user namespace confines the count to the call. */
  processes?: number;
}

export interface ClockReport {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  execError: string | null;
  timing: ChildTiming;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, num]) => [num, name]));
const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, num]) => [num, name]));

export function signalName(num: number): string {
  return SIGNAL_NAMES.get(num) ?? `SIG${num}`;
}

// The child's stderr goes to fd 4 (the original stderr) so `time` alone writes to the report (fd 3).
// `type -P` finds the program on PATH, so a codec named like a builtin (true, printf) is still exec'd and timed.
const BASH_TIME_SCRIPT = [
  'exec 3>"$1"; blocks=$2; vmem=$3; shift 3',
  'if [ "$blocks" != unlimited ]; then ulimit -f "$blocks" || exit 125; fi',
  'if [ "$vmem" != unlimited ]; then ulimit -v "$vmem" || exit 125; fi',
  'prog=$(type -P -- "$1") || { echo "caqbench-time: $1: not found" >&2; echo "status 127" >&3; exit 0; }',
  'shift',
  "TIMEFORMAT='%3U %3S %3R'",
  '{ time "$prog" "$@" 2>&4 3>&- 4>&- ; } 4>&2 2>&3',
  'echo "status $?" >&3',
].join('\n');

/**
 * The command under the clock. Sealed, bwrap starts the wait4 helper as PID 1 of the
 * call's namespaces (--reap-all): the CPU figures are measured inside the seal, where
 * the codec's processes are the helper's descendants (outside, wait4 on bwrap sees none
 * of their CPU), and they come back on fd 3, which the codec cannot reach.
 */
export function launchFor(
  clock: CpuClock,
  argv: string[],
  report: string,
  timeoutMs: number,
  limits: ChildLimits,
  seal?: SealLaunch,
): Launch {
  if (clock.kind === 'wait4') {
    const args = ['--report-fd', '3', '--timeout-ms', String(timeoutMs)];
    if (limits.fileSizeLimit !== undefined) args.push('--fsize-limit', String(limits.fileSizeLimit));
    if (limits.addressSpace !== undefined) args.push('--as-limit', String(limits.addressSpace));
    if (limits.processes !== undefined) args.push('--nproc-limit', String(limits.processes));
    if (seal === undefined)
      return { file: clock.helper!, args: [...args, '--', ...argv], callerEnforcesTimeout: false, reportOnFd3: true };
    const { file, prefix, uid, gid } = seal;
    return {
      file,
      args: [...prefix, clock.helper!, ...args, '--reap-all', '--', ...argv],
      callerEnforcesTimeout: false,
      reportOnFd3: true,
      uid,
      gid,
    };
  }
  if (seal !== undefined) {
    throw new CaqError('INTERNAL', 'a sealed call needs the wait4 clock', {
      hint: 'bash-time reports through a file descriptor the codec could reach',
    });
  }
  // bash's ulimit -f and -v count 1024-byte blocks: round up, the harness checks the exact size afterwards.
  const kib = (bytes: number | undefined): string =>
    bytes === undefined ? 'unlimited' : String(Math.ceil(bytes / 1024));
  return {
    file: 'bash',
    args: [
      '-c',
      BASH_TIME_SCRIPT,
      'caqbench-time',
      report,
      kib(limits.fileSizeLimit),
      kib(limits.addressSpace),
      ...argv,
    ],
    callerEnforcesTimeout: true,
    reportOnFd3: false,
  };
}

interface Wait4Json {
  utime_us: number;
  stime_us: number;
  maxrss_kb: number;
  wall_ns: number;
  exit_code: number | null;
  signal: number | null;
  timed_out: boolean;
  exec_errno: number;
}

export function parseWait4Report(text: string): ClockReport {
  const r = JSON.parse(text) as Wait4Json;
  const user = r.utime_us / 1e6;
  const sys = r.stime_us / 1e6;
  return {
    exitCode: r.exit_code,
    signal: r.signal === null ? null : signalName(r.signal),
    timedOut: r.timed_out,
    execError: r.exec_errno === 0 ? null : (ERRNO_NAMES.get(r.exec_errno) ?? `errno ${r.exec_errno}`),
    timing: {
      cpu_s: (r.utime_us + r.stime_us) / 1e6,
      user_s: user,
      sys_s: sys,
      wall_s: r.wall_ns / 1e9,
      peak_rss_kb: r.maxrss_kb,
    },
  };
}

/**
 * bash reports a child killed by signal N as status 128+N, the same as a child
 * exiting with 128+N: the fallback clock reads it as the signal (documented).
 * `wallFallback_s` is used when bash itself was killed at the timeout.
 */
export function parseBashTimeReport(text: string, killedAtTimeout: boolean, wallFallback_s: number): ClockReport {
  const times = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)$/m.exec(text);
  const status = /^status (\d+)$/m.exec(text);
  const user = times === null ? 0 : Number(times[1]);
  const sys = times === null ? 0 : Number(times[2]);
  const code = status === null ? null : Number(status[1]);
  const bySignal = code !== null && code > 128;
  return {
    exitCode: killedAtTimeout || bySignal ? null : code,
    signal: killedAtTimeout ? 'SIGKILL' : bySignal ? signalName(code - 128) : null,
    timedOut: killedAtTimeout,
    execError: null,
    timing: {
      cpu_s: Math.round((user + sys) * 1000) / 1000,
      user_s: user,
      sys_s: sys,
      wall_s: times === null ? wallFallback_s : Number(times[3]),
      peak_rss_kb: 0,
    },
  };
}
