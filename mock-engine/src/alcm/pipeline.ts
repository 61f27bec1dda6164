import type { Tensor } from '../codec.js';
import { predict } from './predictor.js';
import type { LoadedPredictor } from './predictor-file.js';
import { prune, type Pruned } from './prune.js';
import { quantize, type Quantized } from './quantize.js';
import { featureVector, tensorStats, type AlcmStats } from './stats.js';

/**
 * One tensor through the ALCM encoder: statistics → predicted bits →
 * per-row quantisation → pruning. The reference rounded the prediction to
 * float32 (every fixture `predicted_bits` is a float32 value, and equals the
 * float64 MLP output rounded to float32), so we do too.
 *
 * Deviation, for input the reference cannot handle: when the prediction is not
 * finite (empty or constant tensors have NaN skew/kurtosis, a NaN or ±Inf
 * element makes every statistic NaN) the reference would quantise the whole
 * tensor to NaN. We use `minBits` instead (the finest step the predictor can
 * choose) and say so with `bitsFallback`; rows holding NaN/±Inf still decode
 * to NaN, as in the reference (see quantize.ts).
 */
export interface AlcmOptions {
  threshold: number;
  maxDropRatio: number;
}

export const PUBLISHED_ENCODER: AlcmOptions = { threshold: 0.01, maxDropRatio: 0.25 };

export interface AlcmEncoding {
  stats: AlcmStats;
  features: number[];
  /** float32-rounded prediction actually used (after any fallback). */
  predictedBits: number;
  bitsFallback: boolean;
  quantized: Quantized;
  pruned: Pruned;
}

export function runAlcm(t: Tensor, predictor: LoadedPredictor, opts: AlcmOptions): AlcmEncoding {
  const stats = tensorStats(t);
  const features = featureVector(stats);
  const raw = Math.fround(predict(predictor.weights, features, predictor));
  const bitsFallback = !Number.isFinite(raw);
  const predictedBits = bitsFallback ? Math.fround(predictor.minBits) : raw;
  const quantized = quantize(t, predictedBits);
  const pruned = prune(quantized.q, opts.threshold, opts.maxDropRatio);
  return { stats, features, predictedBits, bitsFallback, quantized, pruned };
}

/** The codec-specific figures `run` publishes beside each ALCM result. */
export function alcmFigures(e: AlcmEncoding): Record<string, number> {
  return {
    predicted_bits: e.predictedBits,
    dropped_ratio: e.pruned.droppedRatio,
    drop_cap_exceeded: e.pruned.capExceeded ? 1 : 0,
    bits_fallback: e.bitsFallback ? 1 : 0,
  };
}
