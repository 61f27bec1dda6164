import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Codec, Tensor } from '../../mock-engine/src/codec.js';
import { CODECS, getCodec, listCodecs, recordableParams, resolveParams } from '../../mock-engine/src/codecs/index.js';
import { decodeContainer } from '../../mock-engine/src/container.js';
import { decodeNpy, encodeNpy } from '../../mock-engine/src/format/npy.js';
import { distortion } from '../../mock-engine/src/metrics/distortion.js';
import { decodeFile, encodeFile } from '../../mock-engine/src/transcode.js';
import { ALCM_DIR, randomBytes, seededRandom } from './helpers.js';

/** Parameters each codec needs to run at all (the ALCM needs its predictor). */
const REQUIRED: Record<string, Record<string, string>> = { 'alcm-h3': { weights: join(ALCM_DIR, 'predictor.json') } };

function tensor(shape: number[], fill: (i: number) => number, dtype: Tensor['dtype'] = 'float32'): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i += 1) data[i] = fill(i);
  return { dtype, shape, data };
}

const normal = (seed: number) => {
  const next = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
};
const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0];
const nanBytes = new Uint8Array(new Float32Array([1.5, Number.NaN, -0, Number.POSITIVE_INFINITY, 2]).buffer);

const BYTE_INPUTS: Record<string, Uint8Array> = {
  random: randomBytes(20_000, 3),
  empty: new Uint8Array(0),
  'one byte': new Uint8Array([0x2a]),
  'all zero': new Uint8Array(65_536),
  'NaN-bearing': nanBytes,
};

const rnd = normal(5);
const TENSOR_INPUTS: Record<string, Tensor> = {
  random: tensor([64, 50], () => rnd()),
  'random float64': tensor([20, 30], () => rnd(), 'float64'),
  'empty [0]': tensor([0], () => 0),
  'empty [3, 0]': tensor([3, 0], () => 0),
  'one value': tensor([1], () => 0.75),
  'all zero': tensor([100, 100], () => 0),
  'NaN-bearing': tensor([10, 10], (i) => (i % 7 === 0 ? specials[(i / 7) % 4]! : Math.sin(i))),
};

function paramsFor(codec: Codec) {
  const params = resolveParams(codec, REQUIRED[codec.id] ?? {});
  return { params, recorded: recordableParams(codec, params) };
}

describe('every registered codec', () => {
  const cases = listCodecs().flatMap((codec) =>
    Object.entries(
      codec.input === 'bytes'
        ? BYTE_INPUTS
        : Object.fromEntries(Object.entries(TENSOR_INPUTS).map(([k, t]) => [k, encodeNpy(t)])),
    ).map(([name, input]) => ({ id: codec.id, name, input })),
  );

  it.each(cases)('$id round-trips or reports its distortion on $name input', ({ id, input }) => {
    const codec = getCodec(id);
    const { params, recorded } = paramsFor(codec);
    const container = encodeFile(codec, input, params, recorded, 'in');
    expect(Buffer.from(encodeFile(codec, input, params, recorded, 'in')).equals(Buffer.from(container))).toBe(true);
    const output = decodeFile(container, 'out');
    if (codec.lossless) {
      expect(Buffer.from(output).equals(Buffer.from(input))).toBe(true);
      return;
    }
    const original = decodeNpy(input) as Tensor;
    const decoded = decodeNpy(output) as Tensor;
    expect([decoded.dtype, decoded.shape]).toEqual([original.dtype, original.shape]);
    const d = distortion(original, decoded, container.length);
    // The reconstruction itself, element by element: where both are finite, the largest error is the one reported.
    let worst = 0;
    for (let i = 0; i < original.data.length; i++) {
      const [a, b] = [original.data[i]!, decoded.data[i]!];
      if (Number.isFinite(a) && Number.isFinite(b)) worst = Math.max(worst, Math.abs(a - b));
    }
    expect(d.max_abs_error).toBe(worst);
    expect(typeof d.nonfinite_preserved).toBe('boolean');
    if (original.data.length === 0) expect(d.bits_per_value).toBeNull();
    else expect(d.bits_per_value).toBeCloseTo((8 * container.length) / original.data.length, 12);
  });

  it('includes the baselines the issue names', () => {
    expect(CODECS.map((c) => c.id)).toEqual(expect.arrayContaining(['store', 'deflate', 'gzip', 'brotli', 'npz']));
  });
});

describe('codec details', () => {
  it('gzip writes no time and no name, so its bytes are reproducible', () => {
    const body = decodeContainer(encodeFile(getCodec('gzip'), randomBytes(100, 1), { level: 6 }, { level: 6 })).body;
    expect(Array.from(body.subarray(0, 4))).toEqual([0x1f, 0x8b, 8, 0]);
    expect(Array.from(body.subarray(4, 8))).toEqual([0, 0, 0, 0]);
  });

  it('higher levels and qualities compress text at least as well', () => {
    const text = new TextEncoder().encode(
      'the quick brown fox jumps over the lazy dog; '.repeat(500) + String(randomBytes(2000, 9)),
    );
    const size = (id: string, raw: Record<string, string>) => {
      const codec = getCodec(id);
      const params = resolveParams(codec, raw);
      return encodeFile(codec, text, params, params).length;
    };
    expect(size('deflate', { level: '9' })).toBeLessThanOrEqual(size('deflate', { level: '1' }));
    expect(size('brotli', { quality: '11' })).toBeLessThan(size('brotli', { quality: '0' }));
    expect(size('store', {})).toBeGreaterThan(text.length);
  });

  it('tensor codecs reject .npy files that are not float32/float64, and non-.npy input', () => {
    const ints = encodeNpy({ dtype: 'int32', shape: [2], data: new Int32Array([1, 2]) });
    expect(() => encodeFile(getCodec('npz'), ints, {}, {}, 'i.npy')).toThrowError(
      expect.objectContaining({ code: 'E_BAD_NPY', file: 'i.npy' }),
    );
    expect(() => encodeFile(getCodec('npz'), randomBytes(100, 2), {}, {}, 'r.bin')).toThrowError(
      expect.objectContaining({ code: 'E_BAD_NPY', file: 'r.bin' }),
    );
  });
});
