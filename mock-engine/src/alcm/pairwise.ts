/**
 * numpy's pairwise summation (`@TYPE@_pairwise_sum` in loops_utils.h), which
 * every `np.sum`/`np.mean`/`np.var` over a contiguous axis uses. Reproducing its
 * exact order matters for float32 arrays: numpy accumulates them in float32, so
 * a different order changes the last bits of the mean and variance, and the
 * fixtures record those bits.
 *
 * Blocks of at most 128 values are summed with eight interleaved accumulators
 * combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the tail; longer runs are
 * split at n/2 rounded down to a multiple of 8 and the halves added.
 * As in numpy the accumulator has the array's dtype: a Float32Array sums in
 * float32 (every partial sum rounded), a Float64Array in float64. The two
 * versions are written out separately so each stays monomorphic (fast) in V8.
 */
const BLOCK = 128;

/** Sum of `a[off … off+n)` in numpy's order and the array's own precision. */
export function pairwiseSum(a: Float32Array | Float64Array, off: number, n: number): number {
  return a instanceof Float32Array ? sum32(a, off, n) : sum64(a, off, n);
}

function split(n: number): number {
  const half = Math.floor(n / 2);
  return half - (half % 8);
}

function sum64(a: Float64Array, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i]!;
    return res;
  }
  if (n > BLOCK) {
    const n2 = split(n);
    return sum64(a, off, n2) + sum64(a, off + n2, n - n2);
  }
  let r0 = a[off]!,
    r1 = a[off + 1]!,
    r2 = a[off + 2]!,
    r3 = a[off + 3]!;
  let r4 = a[off + 4]!,
    r5 = a[off + 5]!,
    r6 = a[off + 6]!,
    r7 = a[off + 7]!;
  const end = n - (n % 8);
  let i = 8;
  for (; i < end; i += 8) {
    const p = off + i;
    r0 += a[p]!;
    r1 += a[p + 1]!;
    r2 += a[p + 2]!;
    r3 += a[p + 3]!;
    r4 += a[p + 4]!;
    r5 += a[p + 5]!;
    r6 += a[p + 6]!;
    r7 += a[p + 7]!;
  }
  let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) res += a[off + i]!;
  return res;
}

function sum32(a: Float32Array, off: number, n: number): number {
  const f = Math.fround;
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + a[off + i]!);
    return res;
  }
  if (n > BLOCK) {
    const n2 = split(n);
    return f(sum32(a, off, n2) + sum32(a, off + n2, n - n2));
  }
  let r0 = a[off]!,
    r1 = a[off + 1]!,
    r2 = a[off + 2]!,
    r3 = a[off + 3]!;
  let r4 = a[off + 4]!,
    r5 = a[off + 5]!,
    r6 = a[off + 6]!,
    r7 = a[off + 7]!;
  const end = n - (n % 8);
  let i = 8;
  for (; i < end; i += 8) {
    const p = off + i;
    r0 = f(r0 + a[p]!);
    r1 = f(r1 + a[p + 1]!);
    r2 = f(r2 + a[p + 2]!);
    r3 = f(r3 + a[p + 3]!);
    r4 = f(r4 + a[p + 4]!);
    r5 = f(r5 + a[p + 5]!);
    r6 = f(r6 + a[p + 6]!);
    r7 = f(r7 + a[p + 7]!);
  }
  let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
  for (; i < n; i++) res = f(res + a[off + i]!);
  return res;
}
