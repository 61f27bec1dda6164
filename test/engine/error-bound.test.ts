import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../mock-engine/src/codec.js';
import { checkErrorBound } from '../../mock-engine/src/metrics/check-error-bound.js';
import {
  describeViolation,
  errorBoundProblem,
  type ErrorBound,
  type ErrorBoundMode,
} from '../../mock-engine/src/metrics/error-bound.js';

const shape = [10, 10];
const x = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i * 0.7) * 3 + (i % 7) - 2);
const tensor = (data: Float64Array): Tensor => ({ dtype: 'float64', shape, data });
const range = Math.max(...x) - Math.min(...x);
const peak = Math.max(...x.map(Math.abs));

/** Per mode: a bound, and the largest error each element may carry under it. */
const CASES: Array<[ErrorBoundMode, number, (i: number) => number]> = [
  ['abs', 0.01, () => 0.01],
  ['rel', 0.001, () => 0.001 * range],
  ['pw_rel', 0.02, (i) => 0.02 * Math.abs(x[i]!)],
  // every element at error c: PSNR = 20·log10(peak / c); c is chosen 0.05 dB above 40 dB
  ['psnr', 40, () => peak / 10 ** (40.05 / 20)],
];

/** A reconstruction at 0.999 of each element's allowance (alternating sign), and `at` pushed to 2× its allowance. */
function reconstruction(allow: (i: number) => number, scale: number, at = -1): Float64Array {
  return x.map((v, i) => v + (i % 2 === 0 ? 1 : -1) * allow(i) * (i === at ? 2 : scale));
}

describe('error bounds, checked on every element', () => {
  it.each(CASES)('%s: a reconstruction within the bound passes', (mode, value, allow) => {
    expect(
      checkErrorBound(tensor(x), tensor(reconstruction(allow, mode === 'psnr' ? 1 : 0.999)), { mode, value }),
    ).toBeNull();
  });

  it.each(CASES)('%s: one element at twice its allowance breaks it, and is the one named', (mode, value, allow) => {
    const y = reconstruction(allow, mode === 'psnr' ? 1 : 0.999, 37);
    const v = checkErrorBound(tensor(x), tensor(y), { mode, value })!;
    expect(v).not.toBeNull();
    expect(v).toMatchObject({ mode, value, index: 37, position: [3, 7], original: x[37], reconstruction: y[37] });
    expect(v.error).toBeCloseTo(2 * allow(37), 12);
    if (mode === 'psnr') {
      expect(v.allowed).toBeNull();
      expect(v.psnr_db!).toBeLessThan(40);
    } else expect(v.allowed).toBeCloseTo(allow(37), 12);
    const line = describeViolation(v, "the codec's declared");
    expect(line).toContain('element 37 [3, 7]');
    expect(line).toContain(String(x[37]));
    expect(line).toMatch(
      mode === 'psnr' ? /PSNR ≥ 40 dB broken: PSNR 39\.\d+ dB/ : new RegExp(`${mode} error bound ${value} broken`),
    );
  });

  it('pw_rel lets no error through at a zero', () => {
    const z = Float64Array.from([0, 1, -2, 0]);
    const t = (d: Float64Array): Tensor => ({ dtype: 'float64', shape: [4], data: d });
    expect(
      checkErrorBound(t(z), t(Float64Array.from([0, 1.001, -2.002, -0])), { mode: 'pw_rel', value: 0.01 }),
    ).toBeNull();
    expect(
      checkErrorBound(t(z), t(Float64Array.from([0, 1, -2, 1e-30])), { mode: 'pw_rel', value: 0.01 }),
    ).toMatchObject({ index: 3, allowed: 0 });
  });

  it('NaN and ±Inf must come back exactly, in every mode, and no new ones may appear', () => {
    const orig = Float32Array.from([1, NaN, Infinity, -Infinity, 0.5, 2]);
    const t = (d: Float32Array): Tensor => ({ dtype: 'float32', shape: [2, 3], data: d });
    const kept = Float32Array.from([1.001, NaN, Infinity, -Infinity, 0.5, 2]);
    for (const mode of ['abs', 'rel', 'pw_rel', 'psnr'] as const) {
      const bound: ErrorBound = { mode, value: mode === 'psnr' ? 20 : 0.01 };
      expect(checkErrorBound(t(orig), t(kept), bound)).toBeNull();
      const broken = [
        [Float32Array.from([1, 0, Infinity, -Infinity, 0.5, 2]), 1, 'NaN', 0],
        [Float32Array.from([1, NaN, -Infinity, -Infinity, 0.5, 2]), 2, 'Infinity', '-Infinity'],
        [Float32Array.from([1, NaN, Infinity, -Infinity, NaN, 2]), 4, 0.5, 'NaN'],
      ] as const;
      for (const [y, index, original, reconstruction] of broken) {
        const v = checkErrorBound(t(orig), t(y), bound)!;
        expect(v).toMatchObject({ index, original, reconstruction, allowed: null });
        expect(describeViolation(v, "the bundle's")).toMatch(/NaN or ±Inf did not come back exactly/);
      }
    }
  });

  it('rejects malformed bounds with the reason', () => {
    expect(errorBoundProblem({ mode: 'abs', value: 0.1 })).toBeNull();
    expect(errorBoundProblem({ mode: 'psnr', value: -3 })).toBeNull();
    expect(errorBoundProblem({ mode: 'max', value: 1 })).toMatch(/mode must be one of abs, rel, pw_rel, psnr/);
    expect(errorBoundProblem({ mode: 'abs', value: -1 })).toMatch(/≥ 0/);
    expect(errorBoundProblem({ mode: 'abs', value: '1' })).toMatch(/finite number/);
    expect(errorBoundProblem({ mode: 'abs', value: 1, unit: 'x' })).toMatch(/unknown field unit/);
    expect(errorBoundProblem([1])).toMatch(/must be an object/);
  });
});
