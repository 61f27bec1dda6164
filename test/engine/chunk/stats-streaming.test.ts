import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { streamingStats } from '../../../mock-engine/src/alcm/stats-streaming.js';
import { tensorStats, type AlcmStats } from '../../../mock-engine/src/alcm/stats.js';
import { streamingNpyStats } from '../../../mock-engine/src/chunk/npy-stats.js';
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { encodeNpy } from '../../../mock-engine/src/format/npy.js';
import { expected } from '../alcm/fixtures.js';
import { seededRandom, tempDir } from '../helpers.js';

/** Rows of a tensor as separate chunks, the way --chunk-rows reads them. */
function* rowChunks(t: Tensor, rows: number): Generator<Float32Array | Float64Array> {
  const width = t.shape.slice(1).reduce((n, d) => n * d, 1);
  for (let r = 0; r < t.shape[0]!; r += rows) yield t.data.subarray(r * width, Math.min(t.shape[0]!, r + rows) * width);
}

/**
 * Worst relative disagreement over the six figures. Near-zero figures have no
 * relative accuracy of their own in float32, so they are measured on their
 * natural scale: the mean against std, the skew (a standardised moment, 0 for
 * a symmetric tensor; the fixtures' are 0.002–0.04) against max(|skew|, 1).
 */
function worstDisagreement(a: AlcmStats, b: AlcmStats): number {
  const rel = (x: number, y: number, scale = Math.abs(y)): number => Math.abs(x - y) / scale;
  return Math.max(
    rel(a.mean, b.mean, b.std),
    rel(a.var, b.var),
    rel(a.std, b.std),
    rel(a.skew, b.skew, Math.max(1, Math.abs(b.skew))),
    rel(a.kurtosis, b.kurtosis),
    rel(a.sparsity, b.sparsity, 1),
  );
}

/** A skewed, heavy-tailed float32 tensor with zeros and a non-zero mean: every moment matters. */
function largeRandom(rows: number, cols: number, seed: number): Tensor {
  const next = seededRandom(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    const u = next();
    data[i] = u < 0.2 ? 0 : 0.5 + Math.log(1 / (1 - next())) ** 1.5 * (next() < 0.5 ? -0.3 : 1);
  }
  return { dtype: 'float32', shape: [rows, cols], data };
}

describe('streamingStats agrees with the exact tensorStats', () => {
  it.each(expected.tensors.map((t) => [t.seed, t.shape] as const))(
    'fixture seed %i, in chunks of 7 rows, to 1e-6',
    (seed, shape) => {
      const t = syntheticGradient(seed, shape);
      const exact = tensorStats(t);
      const streamed = streamingStats(rowChunks(t, 7));
      expect(worstDisagreement(streamed, exact)).toBeLessThan(1e-6);
      expect(streamed.sparsity).toBe(exact.sparsity);
    },
  );

  it('a 2048 × 1024 skewed random tensor, in chunks of 100 rows, to 1e-6 (and is not bit-identical)', () => {
    const t = largeRandom(2048, 1024, 11);
    const exact = tensorStats(t);
    const streamed = streamingStats(rowChunks(t, 100));
    expect(Math.abs(exact.skew)).toBeGreaterThan(0.5);
    expect(worstDisagreement(streamed, exact)).toBeLessThan(1e-6);
    // The exact one's float32 pairwise sums are what make the difference (see stats-streaming.ts).
    expect(streamed.var).not.toBe(exact.var);
  });

  it('does not depend on how the tensor is cut', () => {
    const t = largeRandom(300, 50, 3);
    const one = streamingStats([t.data]);
    expect(worstDisagreement(streamingStats(rowChunks(t, 1)), one)).toBeLessThan(1e-12);
    expect(worstDisagreement(streamingStats(rowChunks(t, 299)), one)).toBeLessThan(1e-12);
  });

  it('reads a .npy file a slice at a time with the same figures', () => {
    const t = largeRandom(500, 64, 5);
    const path = join(tempDir(), 't.npy');
    writeFileSync(path, encodeNpy(t));
    expect(streamingNpyStats(path, 33)).toEqual(streamingStats([t.data]));
  });
});

describe('streamingStats on degenerate input, as tensorStats', () => {
  it('NaN everywhere for no elements, even with empty chunks', () => {
    expect(Object.values(streamingStats([new Float32Array(0), new Float32Array(0)])).every(Number.isNaN)).toBe(true);
  });

  it('std 0 and NaN moments for a constant tensor', () => {
    const s = streamingStats([Float32Array.from([2.5, 2.5]), Float32Array.from([2.5])]);
    expect([s.mean, s.var, s.std, s.sparsity]).toEqual([2.5, 0, 0, 0]);
    expect(Number.isNaN(s.skew) && Number.isNaN(s.kurtosis)).toBe(true);
  });

  it.each([NaN, Infinity, -Infinity])('%d: NaN moments, numpy mean, finite sparsity', (bad) => {
    const data = Float32Array.from([0, 1, bad, -0]);
    const s = streamingStats([data]);
    const exact = tensorStats({ dtype: 'float32', shape: [4], data });
    expect(Object.is(s.mean, exact.mean)).toBe(true);
    expect([s.var, s.std, s.skew, s.kurtosis].every(Number.isNaN)).toBe(true);
    expect(s.sparsity).toBe(0.5);
  });

  it('uses float32(1e-6) as the sparsity threshold for float32 chunks, 1e-6 for float64', () => {
    expect(streamingStats([Float32Array.from([-0, 0, 9e-7, 1e-6])]).sparsity).toBe(0.75);
    expect(streamingStats([Float64Array.from([9.99999e-7, 1e-6])]).sparsity).toBe(0.5);
  });
});
