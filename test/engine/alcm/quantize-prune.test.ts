import { describe, expect, it } from 'vitest';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { percentile } from '../../../mock-engine/src/alcm/percentile.js';
import { PUBLISHED_ENCODER, runAlcm } from '../../../mock-engine/src/alcm/pipeline.js';
import { predictorFromJson } from '../../../mock-engine/src/alcm/predictor-file.js';
import { prune } from '../../../mock-engine/src/alcm/prune.js';
import { selectKth } from '../../../mock-engine/src/alcm/select.js';
import { RandomState } from '../../../mock-engine/src/random/numpy-legacy.js';
import { quantize, roundHalfEven } from '../../../mock-engine/src/alcm/quantize.js';
import { distortion } from '../../../mock-engine/src/metrics/distortion.js';
import { expected, predictorFixture, relErr, sha256Hex } from './fixtures.js';

const predictor = predictorFromJson(predictorFixture, 'predictor.json');

describe('ALCM quantise + prune against the fixtures', () => {
  it.each(expected.tensors.map((t) => [t.seed, t] as const))(
    'seed %i: bits, drop ratio, reconstruction, errors',
    (seed, t) => {
      const x = syntheticGradient(seed, t.shape);
      const e = runAlcm(x, predictor, PUBLISHED_ENCODER);
      expect(relErr(e.predictedBits, t.predicted_bits)).toBeLessThan(1e-9);
      expect(e.pruned.droppedRatio).toBe(t.dropped_ratio);
      expect(e.pruned.capExceeded).toBe(true); // the reference's cap does not hold on 30%-zero data
      expect(sha256Hex(e.pruned.pruned)).toBe(t.reconstruction_sha256);
      // The reference summed its error figures in float32 (they are float32 values); ours are float64 sums.
      const d = distortion(x, { ...x, data: e.pruned.pruned }, 0);
      expect(d.max_abs_error).toBe(t.max_abs_error);
      expect(relErr(d.relative_l2_error!, t.relative_l2_error)).toBeLessThan(2e-7);
      expect(relErr(d.snr_db!, t.snr_db)).toBeLessThan(1e-7);
    },
  );
});

describe('quantize', () => {
  it('rounds half to even like np.round, keeping −0', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -0.2, 2.4999].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, -0, 2]);
  });

  it('takes one scale per first-axis row, floored at float32(1e-8)', () => {
    const t = { dtype: 'float32' as const, shape: [2, 1, 2], data: Float32Array.from([1, 3, 0, 0]) };
    const q = quantize(t, 0.5);
    expect([...q.rowScales]).toEqual([1, Math.fround(1e-8)]);
    expect([...q.q]).toEqual([1, 3, 0, 0]);
  });

  it('quantises a NaN or Inf row to NaN and leaves other rows alone (numpy semantics)', () => {
    const t = { dtype: 'float32' as const, shape: [2, 2], data: Float32Array.from([NaN, 1, 2, 4]) };
    const q = quantize(t, 0.5);
    expect([...q.q.subarray(0, 2)].every(Number.isNaN)).toBe(true);
    expect([...q.q.subarray(2)]).toEqual([1.5, 4.5]);
  });
});

describe('selectKth', () => {
  it('finds the same order statistics as a full sort, with heavy ties and sorted input', () => {
    const rng = new RandomState(3);
    const inputs = [
      Float32Array.from(rng.randn(5001), (v, i) => (i % 3 === 0 ? 0 : Math.round(v * 4))),
      Float64Array.from({ length: 4000 }, (_, i) => i),
      Float64Array.from({ length: 4000 }, (_, i) => -i),
      new Float32Array(777),
    ];
    for (const a of inputs) {
      const sorted = a.slice().sort();
      for (const k of [0, 1, 7, a.length >> 1, a.length - 2, a.length - 1])
        expect(selectKth(a.slice(), k)).toBe(sorted[k]);
    }
  });
});

describe('prune', () => {
  it('matches numpy percentile (linear, float32 interpolation)', () => {
    const values = (): Float32Array => Float32Array.from([0.7, 3, 0.1, 0.2]);
    // float(np.percentile(np.array([0.1, 0.2, 0.7, 3], np.float32), p)) for p = 1, 60, 99 (scalar p, as the reference passed it)
    expect(percentile(values(), 1)).toBe(0.10300000011920929);
    expect(percentile(values(), 60)).toBe(0.5999999642372131);
    expect(percentile(values(), 99)).toBe(2.930999994277954);
    expect(percentile(Float32Array.from([1, NaN]), 50)).toBeNaN();
  });

  it('re-cuts at max_drop_ratio when the first cut drops too much, and reports when the cap still fails', () => {
    const q = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const under = prune(q, 0.5, 0.25);
    expect(under.recut).toBe(true);
    expect(under.droppedRatio).toBe(0.25);
    expect(under.capExceeded).toBe(false);
    const tied = prune(Float32Array.from([0, 0, -0, 0, 1, 2, 3, 4]), 0.01, 0.25);
    expect(tied.droppedRatio).toBe(0.5);
    expect(tied.capExceeded).toBe(true);
    expect(Object.is(tied.pruned[2], -0)).toBe(true);
  });

  it('drops everything when q holds NaN, as numpy does (NaN·0 stays NaN)', () => {
    const p = prune(Float32Array.from([NaN, 1, 2]), 0.01, 0.25);
    expect(p.droppedRatio).toBe(1);
    expect(Number.isNaN(p.pruned[0]!) && p.pruned[1] === 0).toBe(true);
  });

  it('handles an empty tensor', () => {
    const p = prune(new Float32Array(0), 0.01, 0.25);
    expect([p.droppedRatio, p.mask.length]).toEqual([0, 0]);
  });
});
