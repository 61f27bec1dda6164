import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../mock-engine/src/codec.js';
import { measureCpu } from '../../mock-engine/src/metrics/cpu.js';
import { distortion, identicalTensors } from '../../mock-engine/src/metrics/distortion.js';
import { mad, median, summarize } from '../../mock-engine/src/metrics/summary.js';

const t = (values: number[], dtype: Tensor['dtype'] = 'float64'): Tensor => ({
  dtype,
  shape: [values.length],
  data: dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values),
});

describe('distortion', () => {
  it('computes max error, relative L2, SNR, PSNR against max |x| and bits per value', () => {
    const d = distortion(t([3, -4, 0, 0]), t([3, -3, 0, 1]), 2);
    expect(d.max_abs_error).toBe(1);
    expect(d.relative_l2_error).toBeCloseTo(Math.sqrt(2 / 25), 15);
    expect(d.snr_db).toBeCloseTo(10 * Math.log10(25 / 2), 12);
    expect(d.psnr_peak).toBe(4);
    expect(d.psnr_db).toBeCloseTo(10 * Math.log10(16 / (2 / 4)), 12);
    expect(d.bits_per_value).toBe(4);
    expect(d.nonfinite_preserved).toBe(true);
  });

  it('reports an exact reconstruction with null SNR/PSNR (infinite) and zero error', () => {
    expect(distortion(t([1, 2]), t([1, 2]), 1)).toMatchObject({
      max_abs_error: 0,
      relative_l2_error: 0,
      snr_db: null,
      psnr_db: null,
    });
  });

  it('treats an all-zero original: relative error 0 when exact, null when not; SNR undefined', () => {
    expect(distortion(t([0, 0]), t([0, 0]), 1)).toMatchObject({
      relative_l2_error: 0,
      snr_db: null,
      psnr_db: null,
      psnr_peak: 0,
    });
    expect(distortion(t([0, 0]), t([0, 0.5]), 1)).toMatchObject({
      max_abs_error: 0.5,
      relative_l2_error: null,
      snr_db: null,
    });
  });

  it('compares NaN and ±Inf by identity and keeps them out of the sums', () => {
    const x = [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2];
    const kept = distortion(t(x), t([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]), 5);
    expect(kept).toMatchObject({ max_abs_error: 0.5, nonfinite_preserved: true, psnr_peak: 2 });
    expect(kept.snr_db).toBeCloseTo(10 * Math.log10(5 / 0.25), 12);
    for (const broken of [
      [1, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2],
      [1, Number.NaN, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 2],
      [Number.NaN, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2],
    ]) {
      const d = distortion(t(x), t(broken), 5);
      expect(d.nonfinite_preserved).toBe(false);
      expect(Number.isFinite(d.max_abs_error)).toBe(true);
    }
  });

  it('counts −0 against +0 as no error, while byte identity tells them apart', () => {
    expect(distortion(t([-0, 1]), t([0, 1]), 1).max_abs_error).toBe(0);
    expect(identicalTensors(t([-0, 1]), t([0, 1]))).toBe(false);
    expect(identicalTensors(t([Number.NaN]), t([Number.NaN]))).toBe(true);
  });

  it('gives null bits per value for an empty tensor and rejects mismatched shapes', () => {
    expect(distortion(t([]), t([]), 20)).toMatchObject({
      bits_per_value: null,
      max_abs_error: 0,
      relative_l2_error: 0,
    });
    expect(() => distortion(t([1, 2]), t([1]), 1)).toThrowError(expect.objectContaining({ code: 'E_SHAPE_MISMATCH' }));
  });

  it('works on float32 data in float64 arithmetic', () => {
    expect(distortion(t([0.1], 'float32'), t([0.2], 'float32'), 1).max_abs_error).toBe(
      Math.fround(0.2) - Math.fround(0.1),
    );
  });
});

describe('summaries and CPU timing', () => {
  it('computes median and MAD', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(summarize([0.75, 0.25, 0.5])).toEqual({
      samples: [0.75, 0.25, 0.5],
      median: 0.5,
      min: 0.25,
      max: 0.75,
      mad: 0.25,
    });
  });

  it('counts exactly `runs` calls after at least `warmup` discarded ones', () => {
    let calls = 0;
    const m = measureCpu(() => ++calls, { runs: 4, warmup: 2 });
    expect(m.samples).toHaveLength(4);
    expect(calls).toBeGreaterThanOrEqual(6);
    expect(m.result).toBe(calls);
    expect(m.samples.every((s) => s >= 0)).toBe(true);
  });

  it('charges the CPU the call burns, not wall time spent waiting', () => {
    const spin = () => {
      const end = process.cpuUsage().user + 20_000;
      while (process.cpuUsage().user < end);
    };
    const busy = measureCpu(spin, { runs: 1, warmup: 0 }).samples[0]!;
    const wait = measureCpu(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30), {
      runs: 1,
      warmup: 0,
    }).samples[0]!;
    expect(busy).toBeGreaterThanOrEqual(0.019);
    expect(wait).toBeLessThan(0.01);
  });
});
