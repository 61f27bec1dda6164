/**
 * Shannon entropy (bits) of a float32 tensor's histogram with numpy's
 * `np.histogram(x, bins='auto')` — the definition of the published "entropy
 * loss" (H(original) − H(reconstruction)) that reproduces 0.0074 on the
 * fixtures. The definition is inferred, not documented: see published.ts.
 *
 * The bin edges and the bin of every value follow numpy 2.x step by step,
 * including its float32 arithmetic (edges from float32 min/max, a float32
 * linspace, float32 index computation with numpy's ±1 corrections), because a
 * single value changing bin moves this small difference by about 1%:
 * - width = min(max(FD, sqrt/2), Sturges), FD = 2·IQR·n^(−1/3) with the IQR from
 *   np.percentile(x, [75, 25]) (interpolated in float64 from a float32 b − a),
 *   Sturges = ptp/(log2 n + 1), sqrt = ptp/√n, ptp in float32;
 * - bins = ⌈(max − min)/width⌉ (1 when the width is 0); equal min and max widen
 *   to ±0.5.
 * Non-finite data has no histogram (numpy raises): NaN. Empty data: 0 bits.
 */
const f = Math.fround;

function quantile64(sorted: Float32Array, q: number): number {
  const n = sorted.length;
  const virtual = n * q + (1 + q * -1) - 1;
  const lo = Math.min(Math.floor(virtual), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtual - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const diff = f(b - a);
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

function binCount(x: Float32Array, first: number, last: number): number {
  const n = x.length;
  const sorted = x.slice().sort();
  const ptp = f(sorted[n - 1]! - sorted[0]!);
  const fd = 2.0 * (quantile64(sorted, 0.75) - quantile64(sorted, 0.25)) * n ** (-1.0 / 3.0);
  const sturges = ptp / (Math.log2(n) + 1.0);
  const sqrtWidth = ptp / Math.sqrt(n);
  const width = Math.min(Math.max(fd, sqrtWidth / 2), sturges);
  return width ? Math.ceil(f(last - first) / width) : 1;
}

/** np.histogram(x, bins='auto') counts. */
export function autoHistogram(x: Float32Array): Uint32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let first = x.length === 0 ? 0 : min;
  let last = x.length === 0 ? 1 : max;
  if (first === last) {
    first = f(first - 0.5);
    last = f(last + 0.5);
  }
  const bins = x.length === 0 ? 1 : binCount(x, first, last);
  // np.linspace(first, last, bins + 1, dtype=float32), evaluated in float32.
  const edges = new Float32Array(bins + 1);
  const step = f(f(last - first) / bins);
  for (let i = 0; i < bins; i++) edges[i] = f(i * step) + first;
  edges[bins] = last;
  const counts = new Uint32Array(bins);
  const denom = f(last - first);
  for (const v of x) {
    let i = Math.trunc(f(f(f(v - first) / denom) * bins));
    if (i === bins) i -= 1;
    if (v < edges[i]!) i -= 1;
    if (v >= edges[i + 1]! && i !== bins - 1) i += 1;
    counts[i] += 1;
  }
  return counts;
}

export function histogramEntropyBits(x: Float32Array): number {
  if (x.length === 0) return 0;
  for (const v of x) if (!Number.isFinite(v)) return NaN;
  let h = 0;
  for (const c of autoHistogram(x)) {
    if (c === 0) continue;
    const p = c / x.length;
    h -= p * Math.log2(p);
  }
  return h;
}
