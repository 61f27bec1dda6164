/** What one timed child process cost, as the kernel accounted it. */
export interface ChildTiming {
  /** user + sys of the child and the descendants it waited for. */
  cpu_s: number;
  user_s: number;
  sys_s: number;
  wall_s: number;
  /** Peak resident set of the child (KiB); 0 when the clock cannot see it (bash `time`). */
  peak_rss_kb: number;
}

/** How a child ended, with its cost and the tail of what it printed. */
export interface TimedCall {
  argv: string[];
  /** Exit status when the child exited normally, else null. */
  exitCode: number | null;
  /** Signal name (e.g. `SIGSEGV`) when the child was killed by one, else null. */
  signal: string | null;
  /** True when the harness killed it at the timeout. */
  timedOut: boolean;
  /** errno name (e.g. `ENOENT`) when the command could not be started at all. */
  execError: string | null;
  timing: ChildTiming;
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
}

export type CpuClockKind = 'wait4' | 'bash-time';

export interface CpuClock {
  kind: CpuClockKind;
  /** Recorded as `protocol.cpu_clock`. */
  label: string;
  /** Smallest CPU time step the clock can report, in seconds. */
  resolution_s: number;
  /** Path of build/native/rusage-exec, for the wait4 clock. */
  helper?: string;
}
