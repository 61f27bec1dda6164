import { describe, expect, it } from 'vitest';
import { bdRate, type RdPoint } from '../../leaderboard/src/bd-rate.js';

const curve = (bits: number[], snr: number[]): RdPoint[] =>
  bits.map((b, i) => ({ bits_per_value: b, snr_db: snr[i]! }));

describe('BD-rate (piecewise cubic, as the JCT-VC common test conditions)', () => {
  it('matches scipy PchipInterpolator on the FAU-LMS bjontegaard test data', () => {
    // The anchor and test curves of FAU-LMS/bjontegaard's example_usage.py (libx265 presets, kbps and PSNR dB). Expected:
    // the BD-rate computed with scipy 1.17.1's PchipInterpolator(...).integrate on log10 rate, the reference
    // implementation that package says agrees with the JCT-VC Excel sheet to 10 decimals.
    const anchor = curve([9487.76, 4593.6, 2486.44, 1358.24], [40.037, 38.615, 36.845, 34.851]);
    const test = curve([9787.8, 4469.0, 2451.52, 1356.24], [40.121, 38.651, 36.97, 34.987]);
    expect(bdRate(anchor, test)).toBeCloseTo(-4.417485350589045, 9);
    const anchor6 = curve(
      [82472.76, 26875.24, 9487.76, 4593.6, 3600, 2900],
      [43.825, 41.404, 40.037, 38.615, 36.5, 35.1],
    );
    const test6 = curve([99896.96, 33952.04, 9787.8, 4469.0, 4040, 3300], [44.731, 41.875, 40.121, 38.651, 37, 36.5]);
    expect(bdRate(anchor6, test6)).toBeCloseTo(-2.9528024116427964, 9);
  });

  it('is exact where the answer is known: the same curve, and a curve needing k times the bits at every SNR', () => {
    const ref = curve([0.5, 1.2, 2.9, 6.1, 9], [6, 11, 19, 33, 41]);
    expect(bdRate(ref, ref)).toBeCloseTo(0, 12);
    const worse = ref.map((p) => ({ ...p, bits_per_value: p.bits_per_value * 1.25 }));
    expect(bdRate(ref, worse)).toBeCloseTo(25, 9);
    expect(bdRate(worse, ref)).toBeCloseTo(-20, 9);
  });

  it('agrees with the integral worked out by hand for two points (the interpolant is then a line in log rate)', () => {
    // log10 rate: a(x) = (x − 10)·log10(2)/10 on [10, 20], b(x) = log10(1.5) + (x − 12)·(log10(2.5) − log10(1.5))/10 on [12, 22].
    // Over [12, 20]: mean of b − a = log10(1.5) + (4)·(log10(2.5/1.5))/10 − (6)·log10(2)/10.
    const mean = Math.log10(1.5) + (4 * Math.log10(2.5 / 1.5)) / 10 - (6 * Math.log10(2)) / 10;
    expect(bdRate(curve([1, 2], [10, 20]), curve([1.5, 2.5], [12, 22]))).toBeCloseTo((10 ** mean - 1) * 100, 10);
  });

  it('takes points in any order, and has no value without an overlap or with too few distinct points', () => {
    const ref = curve([1, 2, 4, 8], [10, 16, 22, 28]);
    const shuffled = [ref[2]!, ref[0]!, ref[3]!, ref[1]!];
    const test = curve([1.1, 2.3, 4.1], [11, 17, 25]);
    expect(bdRate(shuffled, test)).toBe(bdRate(ref, test));
    expect(bdRate(ref, curve([1, 2], [40, 50]))).toBeNull();
    expect(bdRate(ref, curve([1], [20]))).toBeNull();
    expect(bdRate(ref, curve([1, 2], [20, 20]))).toBeNull();
  });
});
