/**
 * k-th smallest value (0-based) of a NaN-free typed array, by quickselect:
 * Hoare partitioning around a median-of-three pivot, so long runs of equal
 * values (the 30% exact zeros of a pruned gradient) still split evenly. It
 * reorders `a` in place: afterwards a[k] holds the answer, everything before
 * it is ≤ and everything after it ≥. If partitioning stalls (adversarial
 * input), the remaining range is sorted instead, bounding the worst case at
 * O(n log n). Replaces a full sort: O(n) on average.
 */
export function selectKth(a: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let budget = 64 + 2 * Math.ceil(Math.log2(a.length + 1));
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      break;
    }
    const mid = lo + ((hi - lo) >> 1);
    const pivot = medianOf3(a[lo]!, a[mid]!, a[hi]!);
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    // Hoare: [lo, j] ≤ pivot ≤ [j + 1, hi].
    if (k <= j) hi = j;
    else lo = j + 1;
  }
  return a[k]!;
}

function medianOf3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Smallest of a[from …]; after selectKth(a, k) this is the (k+1)-th smallest when from = k + 1. */
export function minFrom(a: Float32Array | Float64Array, from: number): number {
  let m = Infinity;
  for (let i = from; i < a.length; i++) if (a[i]! < m) m = a[i]!;
  return m;
}
