import type { Tensor } from '../codec.js';
import { pairwiseSum } from './pairwise.js';

/**
 * The six tensor statistics the ALCM predictor reads, defined exactly as the
 * reference computed them with numpy 2 (each checked against the fixtures):
 * - mean = np.mean(x), var = np.var(x): reductions in the tensor's own dtype
 *   (float32 for float32 tensors) with pairwise summation, var = mean((x − mean)²);
 * - std = √var taken in float64 (the reference took the root of the Python float);
 * - d = x − mean in the tensor's dtype, z = d / std in float64 (std is a float64
 *   numpy scalar, which promotes under NEP 50), skew = mean(z³), kurtosis = mean(z⁴)
 *   (plain, not excess: a normal tensor has kurtosis 3);
 * - sparsity = mean(|x| < 1e-6), the threshold rounded to the tensor's dtype.
 * Degenerate input follows numpy: an empty tensor gives NaN for every figure,
 * a constant one (any 1-element tensor) gives std 0 and NaN skew/kurtosis, and a
 * NaN or ±Inf element makes mean, var, std, skew and kurtosis NaN (sparsity
 * stays finite). The predictor's caller decides what to do with that.
 */
export interface AlcmStats {
  mean: number;
  var: number;
  std: number;
  skew: number;
  kurtosis: number;
  sparsity: number;
}

const SPARSE_BELOW = 1e-6;

export function tensorStats(t: Tensor): AlcmStats {
  const x = t.data;
  const n = x.length;
  const f32 = t.dtype === 'float32';
  const round = f32 ? Math.fround : (v: number): number => v;

  const mean = round(pairwiseSum(x, 0, n) / n);
  // One buffer serves d² (in the tensor's dtype, whose stores round exactly as
  // numpy's float32 ops do), then z³, then z⁴ (float64: z = d / std promotes);
  // d = x − mean is recomputed rather than stored. Fewer pages to touch matters
  // more than the arithmetic at 4M elements.
  const powers = new Float64Array(n);
  const squares = f32 ? new Float32Array(powers.buffer, 0, n) : powers;
  const sparseBelow = round(SPARSE_BELOW);
  let sparse = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = round(v - mean);
    squares[i] = d * d;
    if (Math.abs(v) < sparseBelow) sparse++;
  }
  const variance = round(pairwiseSum(squares, 0, n) / n);
  const std = Math.sqrt(variance);

  for (let i = 0; i < n; i++) {
    const z = round(x[i]! - mean) / std;
    powers[i] = z * z * z;
  }
  const skew = pairwiseSum(powers, 0, n) / n;
  for (let i = 0; i < n; i++) {
    const z = round(x[i]! - mean) / std;
    const z2 = z * z;
    powers[i] = z2 * z2;
  }
  const kurtosis = pairwiseSum(powers, 0, n) / n;
  return { mean, var: variance, std, skew, kurtosis, sparsity: sparse / n };
}

/** The predictor's input, in the reference's order. */
export function featureVector(s: AlcmStats): number[] {
  return [s.mean, s.var, s.std, s.skew, s.kurtosis, s.sparsity];
}
