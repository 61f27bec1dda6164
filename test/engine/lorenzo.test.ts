import { describe, expect, it } from 'vitest';
import { syntheticGradient } from '../../mock-engine/src/alcm/gradients.js';
import type { Codec, Tensor } from '../../mock-engine/src/codec.js';
import { getCodec, resolveParams } from '../../mock-engine/src/codecs/index.js';
import { lorenzoCodec } from '../../mock-engine/src/codecs/lorenzo.js';
import { unpackCodes } from '../../mock-engine/src/lossy/code-pack.js';
import { quantizeCodec } from '../../mock-engine/src/codecs/quantize.js';
import { checkErrorBound } from '../../mock-engine/src/metrics/check-error-bound.js';

function roundTrip(codec: Codec, t: Tensor, raw: Record<string, number>): { back: Tensor; bytes: number } {
  const params = resolveParams(codec, raw);
  const body = codec.encode({ kind: 'tensor', tensor: t }, params);
  const out = codec.decode(body, params, { kind: 'tensor', dtype: t.dtype, shape: t.shape });
  if (out.kind !== 'tensor') throw new Error('expected a tensor');
  return { back: out.tensor, bytes: body.length };
}

/** A smooth 2-D field: what prediction is for. */
const smooth: Tensor = {
  dtype: 'float32',
  shape: [64, 80],
  data: Float32Array.from({ length: 64 * 80 }, (_, i) => Math.sin((i % 80) / 9) * Math.cos(Math.floor(i / 80) / 7) * 5),
};

describe('lorenzo (SZ-style predictive quantiser)', () => {
  it('is registered as a lossy tensor codec declaring its abs bound', () => {
    expect(getCodec('lorenzo')).toBe(lorenzoCodec);
    expect(lorenzoCodec.errorBound).toEqual({ mode: 'abs', param: 'bound' });
  });

  it.each([
    ['smooth 2-D', smooth],
    ['gradient 2-D', syntheticGradient(46, [100, 100])],
    [
      '1-D',
      {
        dtype: 'float64',
        shape: [500],
        data: Float64Array.from({ length: 500 }, (_, i) => Math.sqrt(i) - 7),
      } as Tensor,
    ],
    [
      '3-D',
      {
        dtype: 'float32',
        shape: [4, 10, 12],
        data: Float32Array.from({ length: 480 }, (_, i) => Math.sin(i / 13)),
      } as Tensor,
    ],
  ])('%s: every |x − x̂| within the bound', (_label, t) => {
    for (const bound of [0.05, 1e-3, 1e-6])
      expect(checkErrorBound(t, roundTrip(lorenzoCodec, t, { bound }).back, { mode: 'abs', value: bound })).toBeNull();
  });

  it('beats the plain quantiser on a smooth field at the same bound', () => {
    expect(roundTrip(lorenzoCodec, smooth, { bound: 1e-3 }).bytes).toBeLessThan(
      roundTrip(quantizeCodec, smooth, { bound: 1e-3 }).bytes / 1.5,
    );
  });

  it('keeps NaN and ±Inf verbatim without derailing the predictions after them', () => {
    const data = Float32Array.from(smooth.data);
    data[100] = NaN;
    data[101] = Infinity;
    data[500] = -Infinity;
    const t: Tensor = { ...smooth, data };
    const { back } = roundTrip(lorenzoCodec, t, { bound: 1e-3 });
    expect(checkErrorBound(t, back, { mode: 'abs', value: 1e-3 })).toBeNull();
    // only the three non-finite values are kept verbatim: their neighbours still predict (from 0)
    const body = lorenzoCodec.encode({ kind: 'tensor', tensor: t }, resolveParams(lorenzoCodec, { bound: 1e-3 }));
    expect([...unpackCodes(body, data.length, 'float32', 'lorenzo').exceptions.keys()]).toEqual([100, 101, 500]);
  });

  it('rejects a damaged body with E_BAD_CONTAINER', () => {
    const params = resolveParams(lorenzoCodec, {});
    const body = lorenzoCodec.encode({ kind: 'tensor', tensor: smooth }, params);
    expect(() =>
      lorenzoCodec.decode(body.subarray(0, body.length - 5), params, {
        kind: 'tensor',
        dtype: 'float32',
        shape: smooth.shape,
      }),
    ).toThrowError(expect.objectContaining({ code: 'E_BAD_CONTAINER' }));
  });
});
