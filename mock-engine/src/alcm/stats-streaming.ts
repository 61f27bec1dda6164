import type { AlcmStats } from './stats.js';

/**
 * The six ALCM statistics of a tensor seen in chunks, in one pass and O(1)
 * memory: Welford's mean/M2 extended to M3 and M4 by Terriberry's update
 * (Pébay 2008, eq. 1.5), all in float64. Used when a tensor is too large to
 * hold (chunk/npy-stats.ts reads a .npy this way, a slice of rows at a time).
 *
 * Why not bit-identical to `tensorStats` (stats.ts): that one reproduces
 * numpy exactly — mean and var are float32 pairwise sums of the float32
 * tensor, rounded to float32, and d = x − mean is rounded to float32 before
 * it is squared or cubed. Here nothing is rounded to float32 and the sums run
 * element by element in float64, so the figures are the (more accurate) real
 * moments; they agree with the exact ones to about 1e-6 relative, the
 * rounding of float32 arithmetic (test/engine/chunk/stats-streaming.test.ts).
 * The ALCM predictor's published outputs come from the exact figures, so the
 * codec keeps using `tensorStats` on every tensor (or chunk) it encodes.
 *
 * Degenerate input as `tensorStats`: no elements → all NaN; a constant tensor
 * → std 0 and NaN skew/kurtosis; a NaN or ±Inf element → NaN var, std, skew
 * and kurtosis, and the mean numpy gives (±Inf or NaN); sparsity stays finite.
 */
const SPARSE_BELOW = 1e-6;

export function streamingStats(chunks: Iterable<Float32Array | Float64Array>): AlcmStats {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  // A plain sum too, only to give numpy's ±Inf/NaN mean when an element is not finite.
  let sum = 0;
  let allFinite = true;
  let sparse = 0;
  for (const chunk of chunks) {
    // numpy compares |x| with 1e-6 cast to the tensor's dtype.
    const sparseBelow = chunk instanceof Float32Array ? Math.fround(SPARSE_BELOW) : SPARSE_BELOW;
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i]!;
      if (Math.abs(x) < sparseBelow) sparse++;
      sum += x;
      if (!Number.isFinite(x)) allFinite = false;
      const n1 = n;
      n += 1;
      const delta = x - mean;
      const deltaN = delta / n;
      const deltaN2 = deltaN * deltaN;
      const term1 = delta * deltaN * n1;
      mean += deltaN;
      m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3;
      m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2;
      m2 += term1;
    }
  }
  if (n === 0) return { mean: NaN, var: NaN, std: NaN, skew: NaN, kurtosis: NaN, sparsity: NaN };
  if (!allFinite) return { mean: sum / n, var: NaN, std: NaN, skew: NaN, kurtosis: NaN, sparsity: sparse / n };
  const variance = m2 / n;
  const std = Math.sqrt(variance);
  return {
    mean,
    var: variance,
    std,
    skew: m3 / n / (variance * std),
    kurtosis: m4 / n / (variance * variance),
    sparsity: sparse / n,
  };
}
