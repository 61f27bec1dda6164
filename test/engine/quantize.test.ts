import { describe, expect, it } from 'vitest';
import { syntheticGradient } from '../../mock-engine/src/alcm/gradients.js';
import type { Tensor } from '../../mock-engine/src/codec.js';
import { getCodec, resolveParams } from '../../mock-engine/src/codecs/index.js';
import { quantizeCodec } from '../../mock-engine/src/codecs/quantize.js';
import { checkErrorBound } from '../../mock-engine/src/metrics/check-error-bound.js';
import { distortion } from '../../mock-engine/src/metrics/distortion.js';

function roundTrip(t: Tensor, raw: Record<string, string | number>): { back: Tensor; bytes: number } {
  const params = resolveParams(quantizeCodec, raw);
  const body = quantizeCodec.encode({ kind: 'tensor', tensor: t }, params);
  const out = quantizeCodec.decode(body, params, { kind: 'tensor', dtype: t.dtype, shape: t.shape });
  if (out.kind !== 'tensor') throw new Error('expected a tensor');
  return { back: out.tensor, bytes: body.length };
}

describe('quantize (error-bounded uniform quantiser)', () => {
  it('is registered as a lossy tensor codec that declares an abs bound from its parameter', () => {
    expect(getCodec('quantize')).toBe(quantizeCodec);
    expect([quantizeCodec.lossless, quantizeCodec.input, quantizeCodec.errorBound]).toEqual([
      false,
      'tensor',
      { mode: 'abs', param: 'bound' },
    ]);
  });

  it.each([0.1, 0.023, 0.001, 1e-6])(
    'keeps |x − x̂| ≤ %s on every element of a gradient tensor, float32 and float64',
    (bound) => {
      const f32 = syntheticGradient(43, [100, 100]);
      const f64: Tensor = { dtype: 'float64', shape: f32.shape, data: Float64Array.from(f32.data) };
      for (const t of [f32, f64]) {
        const { back } = roundTrip(t, { bound });
        expect(back.dtype).toBe(t.dtype);
        expect(checkErrorBound(t, back, { mode: 'abs', value: bound })).toBeNull();
        // round to nearest: the worst error is close to the bound, not far below it
        expect(distortion(t, back, 1).max_abs_error).toBeGreaterThan(0.9 * bound);
      }
    },
  );

  it('reconstructs q · step, step = 2 × bound, with ties and signs as Math.round', () => {
    const t: Tensor = { dtype: 'float64', shape: [6], data: Float64Array.from([0, 0.24, 0.26, -0.26, 1.0, -0.75]) };
    expect([...roundTrip(t, { bound: 0.25 }).back.data]).toEqual([0, 0, 0.5, -0.5, 1, -0.5]);
  });

  it('keeps NaN, ±Inf and values its codes cannot hold verbatim, so the bound still holds', () => {
    const data = Float32Array.from([1, NaN, Infinity, -Infinity, 3e38, -0, 2.5e-8, 123456.7]);
    const t: Tensor = { dtype: 'float32', shape: [2, 4], data };
    const { back } = roundTrip(t, { bound: 1e-7 });
    expect(checkErrorBound(t, back, { mode: 'abs', value: 1e-7 })).toBeNull();
    expect(Object.is(back.data[1], NaN) || Number.isNaN(back.data[1])).toBe(true);
    expect([back.data[2], back.data[3], back.data[4], back.data[7]]).toEqual([Infinity, -Infinity, data[4], data[7]]);
  });

  it('is smaller at a looser bound, deterministic, and handles an empty tensor', () => {
    const t = syntheticGradient(44, [100, 100]);
    const loose = roundTrip(t, { bound: 0.05 });
    const tight = roundTrip(t, { bound: 0.005 });
    expect(loose.bytes).toBeLessThan(tight.bytes);
    const params = resolveParams(quantizeCodec, { bound: 0.01 });
    const a = quantizeCodec.encode({ kind: 'tensor', tensor: t }, params);
    expect(Buffer.from(quantizeCodec.encode({ kind: 'tensor', tensor: t }, params)).equals(Buffer.from(a))).toBe(true);
    const empty: Tensor = { dtype: 'float32', shape: [0, 3], data: new Float32Array(0) };
    expect(roundTrip(empty, {}).back.data.length).toBe(0);
  });

  it('rejects a non-positive bound and a damaged body with the field or E_BAD_CONTAINER', () => {
    expect(() => resolveParams(quantizeCodec, { bound: 0 })).toThrowError(
      expect.objectContaining({ code: 'E_BAD_PARAM', field: 'bound' }),
    );
    const t = syntheticGradient(45, [20, 20]);
    const params = resolveParams(quantizeCodec, {});
    const body = quantizeCodec.encode({ kind: 'tensor', tensor: t }, params);
    const like = { kind: 'tensor' as const, dtype: t.dtype, shape: t.shape };
    for (const bad of [
      body.subarray(0, body.length - 3),
      Uint8Array.from([3, ...body.subarray(1)]),
      new Uint8Array(0),
    ]) {
      expect(() => quantizeCodec.decode(bad, params, like)).toThrowError(
        expect.objectContaining({ code: 'E_BAD_CONTAINER' }),
      );
    }
  });
});
