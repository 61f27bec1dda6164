/**
 * Bjøntegaard delta rate (VCEG-M33), in the piecewise-cubic form of the JCT-VC / JVET
 * common test conditions: each curve's log10 rate is interpolated as a function of
 * quality by a monotone piecewise cubic Hermite polynomial (Fritsch–Carlson slopes, as
 * scipy's PchipInterpolator), both are integrated exactly over the quality range the two
 * curves share, and the mean difference is turned into a percentage of rate. Here the
 * rate is bits per value and the quality SNR in dB.
 */
export interface RdPoint {
  bits_per_value: number;
  snr_db: number;
}

interface Curve {
  x: number[];
  y: number[];
  d: number[];
}

const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

/** The end slope of a three-point one-sided estimate, kept shape-preserving (scipy's _edge_case). */
function edgeSlope(h0: number, h1: number, m0: number, m1: number): number {
  const d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
  if (sign(d) !== sign(m0)) return 0;
  if (sign(m0) !== sign(m1) && Math.abs(d) > Math.abs(3 * m0)) return 3 * m0;
  return d;
}

/** Slopes at the knots: zero at a local extremum, else a weighted harmonic mean of the secants. */
function slopes(x: number[], y: number[]): number[] {
  const n = x.length;
  const h = x.slice(1).map((xi, k) => xi - x[k]!);
  const m = h.map((hk, k) => (y[k + 1]! - y[k]!) / hk);
  if (n === 2) return [m[0]!, m[0]!];
  const d = new Array<number>(n).fill(0);
  for (let k = 1; k < n - 1; k++) {
    const [a, b, ha, hb] = [m[k - 1]!, m[k]!, h[k - 1]!, h[k]!];
    if (sign(a) * sign(b) <= 0) continue;
    const w1 = 2 * hb + ha;
    const w2 = hb + 2 * ha;
    d[k] = (w1 + w2) / (w1 / a + w2 / b);
  }
  d[0] = edgeSlope(h[0]!, h[1]!, m[0]!, m[1]!);
  d[n - 1] = edgeSlope(h[n - 2]!, h[n - 3]!, m[n - 2]!, m[n - 3]!);
  return d;
}

/** ∫ from x[0] to `at` of the interpolant: whole pieces, then the Hermite basis integrated up to the fraction s. */
function integralTo(curve: Curve, at: number): number {
  const { x, y, d } = curve;
  let total = 0;
  for (let k = 0; k < x.length - 1; k++) {
    const h = x[k + 1]! - x[k]!;
    const s = Math.min(1, Math.max(0, (at - x[k]!) / h));
    if (s === 0) break;
    const s2 = s * s;
    const s3 = s2 * s;
    const s4 = s3 * s;
    total +=
      h *
      (y[k]! * (s - s3 + s4 / 2) +
        h * d[k]! * (s4 / 4 - (2 * s3) / 3 + s2 / 2) +
        y[k + 1]! * (s3 - s4 / 2) +
        h * d[k + 1]! * (s4 / 4 - s3 / 3));
  }
  return total;
}

/** The curve by increasing SNR, or null when it cannot be interpolated (fewer than two points, a repeated SNR, a rate ≤ 0). */
function curveOf(points: readonly RdPoint[]): Curve | null {
  const sorted = [...points].sort((a, b) => a.snr_db - b.snr_db);
  const ok =
    sorted.length >= 2 &&
    sorted.every(
      (p, i) => p.bits_per_value > 0 && Number.isFinite(p.snr_db) && (i === 0 || p.snr_db > sorted[i - 1]!.snr_db),
    );
  if (!ok) return null;
  const x = sorted.map((p) => p.snr_db);
  const y = sorted.map((p) => Math.log10(p.bits_per_value));
  return { x, y, d: slopes(x, y) };
}

/**
 * BD-rate of `test` against `reference`, in percent: the average difference in rate at
 * equal SNR over the SNR range both curves cover (−10 means 10% fewer bits per value).
 * Null when either curve has fewer than two distinct SNRs or the ranges do not overlap.
 */
export function bdRate(reference: readonly RdPoint[], test: readonly RdPoint[]): number | null {
  const a = curveOf(reference);
  const b = curveOf(test);
  if (a === null || b === null) return null;
  const lo = Math.max(a.x[0]!, b.x[0]!);
  const hi = Math.min(a.x[a.x.length - 1]!, b.x[b.x.length - 1]!);
  if (!(hi > lo)) return null;
  const mean = (integralTo(b, hi) - integralTo(b, lo) - (integralTo(a, hi) - integralTo(a, lo))) / (hi - lo);
  return (10 ** mean - 1) * 100;
}
