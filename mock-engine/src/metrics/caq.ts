/**
 * The project's figure of merit and the tolerance its claims are held to, in
 * one place for the engine, the harness and the leaderboard (esbuild inlines
 * this module into the single-file engine).
 */
import { mean } from './summary.js';

/** CAQ = compression ratio / (CPU seconds + 1). */
export function caq(ratio: number, cpuSeconds: number): number {
  return ratio / (cpuSeconds + 1);
}

/**
 * ±1.5%: how far a reproduced figure may lie from the one it reproduces (engine
 * `compare`, a recipe's default, `validate`'s recompute and re-run, `reproduce`),
 * and the largest run-to-run spread of CAQ a submission may show.
 */
export const TOLERANCE = 0.015;

/**
 * "CAQ variance": (max − min) / mean of a set of figures (a submission's runs, the
 * published ALCM epochs). NaN for no figures, 0 when their mean is 0.
 */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = mean(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}
