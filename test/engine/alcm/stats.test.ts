import { describe, expect, it } from 'vitest';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { pairwiseSum } from '../../../mock-engine/src/alcm/pairwise.js';
import { featureVector, tensorStats } from '../../../mock-engine/src/alcm/stats.js';
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { expected, predictorFixture, relErr } from './fixtures.js';

const f32 = (values: number[], shape = [values.length]): Tensor => ({
  dtype: 'float32',
  shape,
  data: Float32Array.from(values),
});

describe('pairwiseSum (numpy order)', () => {
  it('reproduces numpy float32 sums that a naive loop gets wrong', () => {
    // np.sum(np.arange(1, 2**24 + 300, 65536, dtype=np.float32)[:257]) == 2155872512 (a naive float32 loop: 2155872256)
    const a = new Float32Array(257);
    for (let i = 0; i < a.length; i++) a[i] = Math.fround(1 + 65536 * i);
    let naive = 0;
    for (const v of a) naive = Math.fround(naive + v);
    expect(pairwiseSum(a, 0, a.length)).toBe(2155872512);
    expect(naive).not.toBe(2155872512);
  });
});

describe('tensorStats against the fixtures', () => {
  it.each(expected.tensors.map((t) => [t.seed, t] as const))('seed %i: all six statistics to 1e-9', (seed, t) => {
    const s = tensorStats(syntheticGradient(seed, t.shape));
    // float32 reductions must agree to the bit, the float64 moments to rounding.
    expect(s.mean).toBe(t.stats.mean);
    expect(s.var).toBe(t.stats.var);
    expect(s.sparsity).toBe(t.stats.sparsity);
    expect(relErr(s.std, t.stats.std)).toBeLessThan(1e-12);
    expect(relErr(s.skew, t.stats.skew)).toBeLessThan(1e-9);
    expect(relErr(s.kurtosis, t.stats.kurtosis)).toBeLessThan(1e-9);
    expect(
      featureVector(s)
        .map((v, i) => relErr(v, t.features[i]!))
        .every((e) => e < 1e-9),
    ).toBe(true);
  });

  it('reproduces the 50 training feature vectors (50×50, seeds 0–49)', () => {
    let worst = 0;
    predictorFixture.training_features.forEach((want, seed) => {
      const got = featureVector(tensorStats(syntheticGradient(seed, [50, 50])));
      got.forEach((v, i) => (worst = Math.max(worst, relErr(v, want[i]!))));
    });
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('tensorStats on degenerate input (numpy semantics)', () => {
  it('gives NaN for every figure of an empty tensor', () => {
    const s = tensorStats(f32([], [0, 3]));
    expect(Object.values(s).every(Number.isNaN)).toBe(true);
  });

  it('gives std 0 and NaN moments for a 1-element or constant tensor', () => {
    const s = tensorStats(f32([2.5]));
    expect([s.mean, s.var, s.std]).toEqual([2.5, 0, 0]);
    expect(Number.isNaN(s.skew) && Number.isNaN(s.kurtosis)).toBe(true);
    expect(s.sparsity).toBe(0);
  });

  it('propagates NaN and Inf into the moments but keeps sparsity finite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const s = tensorStats(f32([0, 1, bad, -0]));
      expect(Number.isNaN(s.var) && Number.isNaN(s.skew)).toBe(true);
      expect(s.sparsity).toBe(0.5);
    }
  });

  it('counts −0 and values below float32(1e-6) as sparse, float32(1e-6) itself not', () => {
    expect(tensorStats(f32([-0, 0, 9e-7, Math.fround(1e-6)])).sparsity).toBe(0.75);
  });

  it('works in float64 for float64 tensors', () => {
    const s = tensorStats({ dtype: 'float64', shape: [4], data: Float64Array.from([1, 2, 3, 10]) });
    expect(s.mean).toBe(4);
    expect(s.var).toBe(12.5);
    expect(relErr(s.skew, 1.0182337649086284)).toBeLessThan(1e-12);
  });
});
