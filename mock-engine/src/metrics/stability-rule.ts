/**
 * The timing protocol's rule for unstable measurements, shared by the engine's
 * `run` (metrics/stability.ts) and the harness's `submit` and `validate`: when
 * the counted runs spread by more than a threshold (MAD / |median|, default 5%),
 * they are measured once more after a pause; still over it, they are flagged
 * unstable, never hidden and never failed.
 */
import { mad, median } from './summary.js';

export const UNSTABLE_THRESHOLD = 0.05;

export interface SpreadJudgement {
  /** MAD / |median| of the kept runs. */
  relative_mad: number;
  threshold: number;
  /** The first runs were over the threshold and were measured again. */
  remeasured: boolean;
  /** Still over the threshold after the re-measure. */
  unstable: boolean;
}

/** MAD / |median|; 0 for no values or a zero median (nothing to be unstable about). */
export function relativeMad(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const m = median(values);
  return m === 0 ? 0 : mad(values) / Math.abs(m);
}

export function judgeSpread(values: readonly number[], threshold: number, remeasured: boolean): SpreadJudgement {
  const relative_mad = relativeMad(values);
  return { relative_mad, threshold, remeasured, unstable: relative_mad > threshold };
}
