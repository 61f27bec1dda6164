import { describe, expect, it } from 'vitest';
import { decodeBackend } from '../../../mock-engine/src/alcm/backend.js';
import { alcmCodec, alcmExtras } from '../../../mock-engine/src/alcm/codec.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import type { CodecParams, Payload, Tensor } from '../../../mock-engine/src/codec.js';
import { CODEC_EXTRAS } from '../../../mock-engine/src/codecs/extras.js';
import { getCodec, resolveParams } from '../../../mock-engine/src/codecs/index.js';
import { EngineError } from '../../../mock-engine/src/errors.js';
import { encodeNpy } from '../../../mock-engine/src/format/npy.js';
import { decodeFile, encodeFile } from '../../../mock-engine/src/transcode.js';
import { expected, fixturePath, sha256Hex } from './fixtures.js';

const weights = resolveParams(alcmCodec, { weights: fixturePath('predictor.json') });
const tensor = (t: Tensor): Payload => ({ kind: 'tensor', tensor: t });

function roundTrip(t: Tensor, params: CodecParams = weights): Tensor {
  const body = alcmCodec.encode(tensor(t), params);
  const out = alcmCodec.decode(body, {}, { kind: 'tensor', dtype: t.dtype, shape: t.shape });
  if (out.kind !== 'tensor') throw new Error('expected a tensor back');
  return out.tensor;
}

describe('alcm-h3 codec against the fixtures', () => {
  it.each(expected.tensors.map((t) => [t.seed, t] as const))(
    "seed %i: numpy's size to the byte, reconstruction from bytes alone",
    (seed, t) => {
      const body = alcmCodec.encode(tensor(syntheticGradient(seed, t.shape)), weights);
      expect(body.length).toBe(t.alcm_npz_bytes);
      const back = decodeBackend(new Uint8Array(body), 'float32', t.shape);
      expect(sha256Hex(back.data)).toBe(t.reconstruction_sha256);
    },
  );

  it('is registered, publishes its extras, and round-trips through the engine container', () => {
    expect(getCodec('alcm-h3')).toBe(alcmCodec);
    expect(CODEC_EXTRAS['alcm-h3']).toBe(alcmExtras);
    const t = expected.tensors[0]!;
    const x = syntheticGradient(t.seed, t.shape);
    expect(alcmExtras(tensor(x), weights)).toEqual({
      predicted_bits: t.predicted_bits,
      dropped_ratio: t.dropped_ratio,
      drop_cap_exceeded: 1,
      bits_fallback: 0,
    });
    const file = encodeFile(alcmCodec, encodeNpy(x), weights, { ...weights, weights: 'sha256:…' });
    const npy = decodeFile(file);
    expect(sha256Hex(npy.subarray(npy.length - 40000))).toBe(t.reconstruction_sha256);
  });

  it('trains its own predictor from seed 7 to the same bytes as the fixture weights', () => {
    const x = syntheticGradient(47, [100, 100]);
    const params = resolveParams(alcmCodec, { seed: '7' });
    expect(sha256Hex(alcmCodec.encode(tensor(x), params))).toBe(sha256Hex(alcmCodec.encode(tensor(x), weights)));
  });
});

describe('alcm-h3 parameters', () => {
  it.each([
    [{}, /give 'weights' or 'seed'/],
    [{ seed: 7, weights: fixturePath('predictor.json') }, /not both/],
  ])('rejects %j', (raw, message) => {
    const params = resolveParams(alcmCodec, raw);
    expect(() => alcmCodec.encode(tensor(syntheticGradient(1, [2, 2])), params)).toThrow(message);
  });

  it('reports an unreadable weights file as E_BAD_PARAM naming the field', () => {
    try {
      alcmCodec.encode(tensor(syntheticGradient(1, [2, 2])), { weights: fixturePath('README.md') });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('E_BAD_PARAM');
      expect((e as EngineError).field).toBe('weights');
    }
  });

  it('rejects a body with a missing or mis-shaped member', () => {
    const body = alcmCodec.encode(tensor(syntheticGradient(1, [4, 4])), weights);
    expect(() => decodeBackend(body, 'float32', [4, 5])).toThrow(/expected float32 \[4,5\]/);
    expect(() => decodeBackend(body.subarray(0, body.length - 30), 'float32', [4, 4])).toThrow(EngineError);
  });
});

describe('alcm-h3 on degenerate tensors', () => {
  const f32 = (values: number[], shape: number[]): Tensor => ({
    dtype: 'float32',
    shape,
    data: Float32Array.from(values),
  });

  it('handles empty, scalar and 1-element tensors, falling back to min bits', () => {
    for (const t of [f32([], [0]), f32([], [3, 0]), f32([7], []), f32([-2], [1, 1])]) {
      const back = roundTrip(t);
      expect(back.shape).toEqual(t.shape);
      expect(alcmExtras(tensor(t), weights).bits_fallback).toBe(1);
    }
  });

  it('keeps an all-zero tensor zero (signs included) and reports a full drop', () => {
    const t = f32([0, -0, 0, -0], [2, 2]);
    expect(sha256Hex(roundTrip(t).data)).toBe(sha256Hex(t.data));
    expect(alcmExtras(tensor(t), weights).dropped_ratio).toBe(1);
  });

  it('does not crash on NaN or ±Inf: like the reference, their rows come back NaN and the rest is pruned to ±0', () => {
    const back = roundTrip(f32([1, NaN, 2, 3, Infinity, -4, 5, -6, 7], [3, 3]));
    expect([...back.data.subarray(0, 6)].every(Number.isNaN)).toBe(true);
    expect([...back.data.subarray(6)]).toEqual([0, -0, 0]);
  });

  it('works in float64 for float64 tensors', () => {
    const x = syntheticGradient(43, [10, 10]);
    const back = roundTrip({ dtype: 'float64', shape: x.shape, data: Float64Array.from(x.data) });
    expect(back.dtype).toBe('float64');
    expect(back.data).toBeInstanceOf(Float64Array);
  });
});
