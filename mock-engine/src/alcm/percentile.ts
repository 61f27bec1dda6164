import { minFrom, selectKth } from './select.js';

/**
 * `np.percentile(a, pct)` with numpy's default "linear" method and a scalar
 * `pct` (as the reference passed it). For float32 data numpy interpolates in
 * float32 (the weight is a Python float, cast to float32 under NEP 50), which
 * decides whether a value equal to the cut-off is kept, so a Float32Array
 * reproduces those roundings:
 *   q = pct / 100, i = n·q + (α + q·(1 − α − β)) − 1 with α = β = 1,
 *   lo = ⌊i⌋, t = i − lo, a = x₍lo₎, b = x₍lo+1₎ (order statistics),
 *   t < 0.5: a + (b − a)·t, else b − (b − a)·(1 − t),
 * with both order statistics the maximum when i ≥ n − 1 (numpy then takes t
 * from index −1, which makes no difference as a = b) and the minimum when i < 0.
 * Any NaN makes the result NaN, as does an empty array.
 * `work` is reordered in place (pass a copy); it may be reused for another call.
 */
const ALPHA = 1;
const BETA = 1;

export function percentile(work: Float32Array | Float64Array, pct: number): number {
  const n = work.length;
  if (n === 0) return NaN;
  for (let i = 0; i < n; i++) if (Number.isNaN(work[i]!)) return NaN;
  const r = work instanceof Float32Array ? Math.fround : (v: number): number => v;
  const q = pct / 100;
  const virtual = n * q + (ALPHA + q * (1 - ALPHA - BETA)) - 1;
  let lo = Math.floor(virtual);
  let t = virtual - lo;
  if (virtual >= n - 1) {
    lo = n - 1;
    t = virtual + 1;
  } else if (virtual < 0) {
    lo = 0;
    t = virtual;
  }
  const a = selectKth(work, lo);
  const b = lo === n - 1 || virtual < 0 ? a : minFrom(work, lo + 1);
  const diff = r(b - a);
  return t >= 0.5 ? r(b - r(diff * r(1 - t))) : r(a + r(diff * r(t)));
}
