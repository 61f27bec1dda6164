/**
 * numpy's legacy `RandomState`, bit for bit, so that the published ALCM
 * experiment's synthetic gradients and Xavier initialisation can be regenerated
 * without Python.
 *
 * Algorithm (numpy/random/src/mt19937 and legacy/legacy-distributions.c):
 * - MT19937 with the reference tempering; `seed(s)` is numpy's `mt19937_seed`:
 *   key[0] = s, key[i] = 1812433253·(key[i−1] ⊕ (key[i−1] >> 30)) + i (mod 2³²),
 *   position 624 (so the first draw regenerates the block), no cached gauss.
 * - `randomSample`: 53-bit double ((a >> 5)·2²⁶ + (b >> 6)) / 2⁵³ from two
 *   consecutive 32-bit outputs a, b.
 * - `standardNormal` (`randn`): the polar Box–Muller method of `legacy_gauss`:
 *   draw x1 = 2u−1, x2 = 2u−1 until 0 < r² = x1² + x2² < 1, f = √(−2 ln r² / r²),
 *   return f·x2 and cache f·x1 for the next call (the cache is per state, and
 *   survives calls to other distributions exactly as numpy's does).
 * - `uniform(low, high)`: low + (high − low)·randomSample().
 * Known limit: `Math.log` (V8's fdlibm port) and glibc's `log` differ in the last
 * bit for about 3% of arguments, so about 3% of float64 normal draws differ from
 * numpy's by one ulp. Everything the ALCM uses is cast to float32 first, and no
 * float32 cast differed over 200 001 draws (a flip needs a double within one ulp
 * of a float32 rounding midpoint, about 2⁻²⁹ per draw); the tests check the
 * fixtures' SHA-256s. Uniform draws involve no libm call and are exact.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class RandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)` for an integer seed in [0, 2³² − 1]. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  private generate(): void {
    const k = this.key;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (k[i]! & UPPER_MASK) | (k[i + 1]! & LOWER_MASK);
      k[i] = k[i + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      y = (k[i]! & UPPER_MASK) | (k[i + 1]! & LOWER_MASK);
      k[i] = k[i + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (k[N - 1]! & UPPER_MASK) | (k[0]! & LOWER_MASK);
    k[N - 1] = k[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** Next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number {
    if (this.pos === N) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One `random_sample()` double in [0, 1). */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** One `standard_normal()` draw (numpy's `legacy_gauss`). */
  standardNormal(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `rand(n)` / `random_sample(n)`: n doubles in [0, 1). */
  rand(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.randomSample();
    return out;
  }

  /** `randn(n)` / `standard_normal(n)`: n standard normal doubles. */
  randn(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.standardNormal();
    return out;
  }

  /** `uniform(low, high, n)`: n doubles low + (high − low)·u. */
  uniform(low: number, high: number, n: number): Float64Array {
    const range = high - low;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.randomSample();
    return out;
  }
}
