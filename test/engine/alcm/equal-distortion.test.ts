import { describe, expect, it } from 'vitest';
import { equalDistortion } from '../../../harness/src/reproduce/equal-distortion.js';
import { QUANTIZE_PEER, searchParam, ZFP_PEER } from '../../../harness/src/reproduce/lossy-peers.js';
import { distortionAt, rdBoundBits } from '../../../harness/src/reproduce/rd-bound.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { expected } from './fixtures.js';

describe("the source's rate–distortion bound (N(0,1) × Bernoulli(0.7), MSE)", () => {
  it('is p·½·log2(p/D) given the mask, plus h(p) = 0.8813 bits to send the mask', () => {
    const d = distortionAt(36);
    expect(d).toBeCloseTo(0.7 / 10 ** 3.6, 15);
    const b = rdBoundBits(36);
    expect(b.lower).toBeCloseTo(0.7 * 0.5 * Math.log2(0.7 / d), 12);
    expect(b.upper - b.lower).toBeCloseTo(0.8812908992306927, 12);
    // the note's estimate at 36 dB: ≈ 5.1 bits per value
    expect(b.upper).toBeCloseTo(5.067, 3);
    // 6.02 dB more SNR costs p · 1 bit more
    expect(rdBoundBits(36 + 20 * Math.log10(2)).lower - b.lower).toBeCloseTo(0.7, 12);
    expect(rdBoundBits(-5)).toEqual({ lower: 0, upper: 0 });
  });
});

describe('searching a peer parameter for a target SNR', () => {
  const x = syntheticGradient(43, [100, 100]);
  it('finds the largest quantiser bound at or above the target SNR, whose next step up falls short', () => {
    const snr = (v: number) => QUANTIZE_PEER.evaluate(x, v).snrDb;
    const bound = searchParam(QUANTIZE_PEER, snr, 36.38);
    expect(snr(bound)).toBeGreaterThanOrEqual(36.38);
    expect(snr(bound * 1.001)).toBeLessThan(36.38);
  });

  it("finds zfp's smallest rate on its 1/16-bit grid at or above the target", () => {
    const snr = (v: number) => ZFP_PEER.evaluate(x, v).snrDb;
    const rate = searchParam(ZFP_PEER, snr, 36.38);
    expect(Number.isInteger(rate * 16)).toBe(true);
    expect(snr(rate)).toBeGreaterThanOrEqual(36.38);
    expect(snr(rate - 1 / 16)).toBeLessThan(36.38);
  });
});

describe('equal-distortion rows for the ALCM epochs', () => {
  it('gives each peer per epoch and for the mean at or above the ALCM SNR, and both beat the ALCM ratio', () => {
    const epochs = expected.tensors.slice(0, 3).map((t, i) => ({
      epoch: i + 1,
      tensor: syntheticGradient(t.seed, t.shape),
      snrDb: t.snr_db,
      ratio: t.original_bytes / t.alcm_npz_bytes,
    }));
    const ed = equalDistortion(epochs);
    expect(ed.rows.map((r) => [r.codec, r.epoch])).toEqual([
      ['quantize', 1],
      ['quantize', 2],
      ['quantize', 3],
      ['quantize', 'mean'],
      ['zfp', 1],
      ['zfp', 2],
      ['zfp', 3],
      ['zfp', 'mean'],
    ]);
    for (const r of ed.rows) {
      expect(r.snr_db).toBeGreaterThanOrEqual(r.target_snr_db);
      if (r.epoch !== 'mean') expect(r.bits_per_value).toBeCloseTo(32 / r.ratio, 9);
      expect(r.ratio_vs_alcm).toBeGreaterThan(2);
    }
    expect(ed.curves.quantize!.length).toBeGreaterThan(5);
    expect(ed.curves.zfp!.map((p) => p.params.rate)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 12, 14]);
    // every codec's curve sits above the source's lower bound
    for (const p of [...ed.curves.quantize!, ...ed.curves.zfp!])
      expect(p.bits_per_value).toBeGreaterThan(rdBoundBits(p.snr_db).lower);
  });
});
