/** Robust summaries of repeated measurements: median and MAD, never a lone mean. */
import type { Summary } from '../results.js';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export function summarize(samples: readonly number[]): Summary {
  return {
    samples: [...samples],
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    mad: mad(samples),
  };
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of no values');
  return values.reduce((a, b) => a + b, 0) / values.length;
}
