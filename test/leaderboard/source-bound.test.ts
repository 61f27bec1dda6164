import { describe, expect, it } from 'vitest';
import { keepMaskBound, keepMaskBoundCurve } from '../../leaderboard/src/source-bound.js';

describe('R(D) bounds of the keep-masked Gaussian source', () => {
  it('is the Gaussian R(D) when nothing is masked: 6.02 dB per bit, both bounds equal', () => {
    for (const snr of [6.0206, 20, 36]) {
      const b = keepMaskBound(1, snr);
      expect(b.lower_bits).toBeCloseTo(snr / (20 * Math.log10(2)), 12);
      expect(b.upper_bits).toBe(b.lower_bits);
    }
    expect(keepMaskBound(1, 20 * Math.log10(2)).lower_bits).toBeCloseTo(1, 12);
  });

  it('for p = 0.7: the lower bound is p times the Gaussian rate, the upper one the mask entropy more (or the Gaussian rate, if less)', () => {
    const h = -0.7 * Math.log2(0.7) - 0.3 * Math.log2(0.3);
    const at36 = keepMaskBound(0.7, 36);
    expect(at36.lower_bits).toBeCloseTo((0.7 / 2) * Math.log2(10 ** 3.6), 12);
    expect(at36.upper_bits - at36.lower_bits).toBeCloseTo(h, 12);
    const at3 = keepMaskBound(0.7, 3);
    expect(at3.upper_bits).toBeCloseTo(0.5 * Math.log2(10 ** 0.3), 12);
    expect(keepMaskBound(0.7, -5)).toEqual({ snr_db: -5, lower_bits: 0, upper_bits: 0 });
  });

  it('samples both bounds evenly over the range asked for', () => {
    const curve = keepMaskBoundCurve(0.7, { min: 10, max: 40 }, 7);
    expect(curve.points.map((p) => p.snr_db)).toEqual([10, 15, 20, 25, 30, 35, 40]);
    expect(curve.keep_probability).toBe(0.7);
    expect(
      curve.points.every(
        (p, i) => i === 0 || (p.lower_bits > curve.points[i - 1]!.lower_bits && p.upper_bits >= p.lower_bits),
      ),
    ).toBe(true);
  });
});
