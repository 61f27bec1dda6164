import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { CaqError } from '../errors.js';
import { packageRoot } from '../fs/package-root.js';
import type { CpuClock, CpuClockKind } from './types.js';

export type CpuClockChoice = CpuClockKind | 'auto';

export const WAIT4_CLOCK_LABEL = 'wait4-rusage (build/native/rusage-exec, 1 µs)';
export const BASH_TIME_CLOCK_LABEL = 'bash-time (TIMEFORMAT %3U/%3S, 1 ms)';

export function rusageHelperPath(): string {
  return join(packageRoot(), 'build', 'native', 'rusage-exec');
}

function helperUsable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Picks the clock child CPU time comes from: the wait4 helper when it was built
 * (scripts/build-native.mjs), else bash's `time` builtin. Asking for `wait4`
 * explicitly when the helper is missing is an error, not a silent downgrade.
 */
export function resolveCpuClock(choice: CpuClockChoice = 'auto'): CpuClock {
  const helper = rusageHelperPath();
  if (choice !== 'bash-time' && helperUsable(helper)) {
    return { kind: 'wait4', label: WAIT4_CLOCK_LABEL, resolution_s: 1e-6, helper };
  }
  if (choice === 'wait4') {
    throw new CaqError('INTERNAL', `the rusage helper ${helper} is missing or not executable`, {
      file: helper,
      hint: 'run `npm run build` on a machine with a C compiler (cc), or use --cpu-clock bash-time',
    });
  }
  return { kind: 'bash-time', label: BASH_TIME_CLOCK_LABEL, resolution_s: 1e-3 };
}
