import type { TimedCall } from '../timing/types.js';
import { formatBytes } from './limits.js';
import type { CallLimits } from './types.js';

export type LimitReason = 'memory-limit' | 'process-limit';

// The kernel does not say which rlimit a failed mmap or fork ran into: the codec's own last
// words do (ENOMEM and EAGAIN as libc, bash, Python, C++ and the stock codecs print them).
const MEMORY =
  /cannot allocate memory|out of memory|memory exhausted|MemoryError|bad_alloc|allocation (?:error|fail)|failed to allocate|not enough memory|\bENOMEM\b/i;
const PROCESSES =
  /\bfork\b.*(?:unavailable|fail|retry|error)|cannot fork|Resource temporarily unavailable|BlockingIOError|can't start new thread|pthread_create|\bEAGAIN\b/i;

/**
 * A failed call (non-zero exit or a signal) whose output shows an allocation or a
 * fork refused, under a limit that was in force: the failure names that limit.
 */
export function limitHit(call: TimedCall, limits: CallLimits): { reason: LimitReason; detail: string } | null {
  if (call.timedOut || call.execError !== null || (call.exitCode === 0 && call.signal === null)) return null;
  const said = `${call.stderrTail}\n${call.stdoutTail}`;
  if (MEMORY.test(said)) {
    return {
      reason: 'memory-limit',
      detail: `ran out of memory under the ${formatBytes(limits.maxMemoryBytes)} address-space limit (--max-memory)`,
    };
  }
  if (limits.maxProcs !== null && PROCESSES.test(said)) {
    return {
      reason: 'process-limit',
      detail: `could not start a process or thread under the limit of ${limits.maxProcs} (--max-procs)`,
    };
  }
  return null;
}
