import { describe, expect, it } from 'vitest';
import type { Payload } from '../../mock-engine/src/codec.js';
import { CODECS, getCodec } from '../../mock-engine/src/codecs/index.js';
import {
  CONTAINER_VERSION,
  decodeContainer,
  encodeContainer,
  type ContainerHeader,
} from '../../mock-engine/src/container.js';
import { decodeFile, decodePayload, encodeFile } from '../../mock-engine/src/transcode.js';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { NPY_DIR, fixture, randomBytes } from './helpers.js';

const header: ContainerHeader = {
  codec: 'gzip',
  codecVersion: '1',
  params: { level: 6 },
  payload: { kind: 'bytes', length: 5000 },
};

function failure(fn: () => unknown): { code?: string; file?: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; file?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('container', () => {
  const input = randomBytes(5000, 1);
  const gzip = getCodec('gzip');
  const container = encodeFile(gzip, input, { level: 6 }, { level: 6 });

  it('decodes from its bytes alone, header included', () => {
    const { header: h, payload } = decodePayload(container);
    expect(h).toEqual(header);
    expect((payload as Extract<Payload, { kind: 'bytes' }>).bytes).toEqual(input);
    expect(decodeContainer(encodeContainer(header, new Uint8Array(0))).body.length).toBe(0);
  });

  it('records tensor dtype and shape in a compact header', () => {
    const npy = fixture(join(NPY_DIR, 'f4_3x4x5.npy'));
    const bytes = encodeFile(getCodec('npz'), npy, {}, {});
    const { header: h, body } = decodeContainer(bytes);
    expect(h.payload).toEqual({ kind: 'tensor', dtype: 'float32', shape: [3, 4, 5] });
    // magic 4, version 1, "npz" 1+3, "1" 1+1, "{}" 1+2, kind 1, ndim 1, dims 3×1, body length 2, CRC 4 (lengths are varints)
    expect(body.length).toBeGreaterThan(127);
    expect(bytes.length - body.length).toBe(25);
    expect(Buffer.from(decodeFile(bytes)).equals(Buffer.from(npy))).toBe(true);
  });

  it('rejects every truncation with E_BAD_CONTAINER naming the file', () => {
    for (let cut = 0; cut < container.length; cut += cut < 80 ? 1 : 499) {
      expect(failure(() => decodeFile(container.subarray(0, cut), 'x.caq'))).toMatchObject({
        code: 'E_BAD_CONTAINER',
        file: 'x.caq',
      });
    }
  });

  it('rejects a wrong magic, an unsupported version, trailing bytes and a corrupted body', () => {
    const wrongMagic = container.slice();
    wrongMagic[0] = 0x44;
    expect(failure(() => decodeFile(wrongMagic, 'x.caq')).message).toMatch(/wrong magic/);
    const v2 = container.slice();
    v2[4] = CONTAINER_VERSION + 1;
    expect(failure(() => decodeFile(v2, 'x.caq')).message).toMatch(/unsupported container format version 2/);
    expect(failure(() => decodeFile(new Uint8Array([...container, 0]), 'x.caq')).message).toMatch(/trailing bytes/);
    const flipped = container.slice();
    flipped[flipped.length - 10] = flipped[flipped.length - 10]! ^ 1;
    expect(failure(() => decodeFile(flipped, 'x.caq')).message).toMatch(/CRC-32/);
    for (const bad of [wrongMagic, v2, flipped])
      expect(failure(() => decodeFile(bad, 'x.caq'))).toMatchObject({ code: 'E_BAD_CONTAINER', file: 'x.caq' });
  });

  it('rejects foreign files: gzip, .npy, text, empty', () => {
    const foreign = [
      gzipSync(input),
      fixture(join(NPY_DIR, 'u1_7.npy')),
      new TextEncoder().encode('hello\n'),
      new Uint8Array(0),
    ];
    for (const bytes of foreign)
      expect(failure(() => decodeFile(bytes, 'f'))).toMatchObject({ code: 'E_BAD_CONTAINER', file: 'f' });
  });

  it('names an unknown codec or codec version recorded in a container', () => {
    const unknown = encodeContainer({ ...header, codec: 'zstd' }, new Uint8Array(3));
    expect(failure(() => decodeFile(unknown, 'z.caq'))).toMatchObject({ code: 'E_UNKNOWN_CODEC' });
    const newer = encodeContainer({ ...header, codecVersion: '99' }, gzipSync(input));
    expect(failure(() => decodeFile(newer, 'z.caq')).message).toMatch(/version 99/);
  });

  it('rejects an impossible varint and a recorded length the body cannot have', () => {
    // "CAQB", version, "gzip", "1", then a params length of nine continuation bytes.
    const forged = new Uint8Array([
      ...encodeContainer(header, new Uint8Array(0)).subarray(0, 12),
      ...new Array(9).fill(0xff),
    ]);
    expect(failure(() => decodeFile(forged, 'v.caq'))).toMatchObject({
      code: 'E_BAD_CONTAINER',
      file: 'v.caq',
      message: expect.stringMatching(/impossible length/),
    });
    const huge = encodeContainer(
      { codec: 'store', codecVersion: '1', params: {}, payload: { kind: 'bytes', length: 2 ** 40 } },
      new Uint8Array(0),
    );
    expect(decodeContainer(huge).header.payload).toEqual({ kind: 'bytes', length: 2 ** 40 });
    expect(failure(() => decodeFile(huge, 'h.caq'))).toMatchObject({ code: 'E_BAD_CONTAINER', file: 'h.caq' });
  });

  it('rejects a body that decodes to a different length than recorded', () => {
    const lying = encodeContainer(
      { ...header, payload: { kind: 'bytes', length: 4999 } },
      decodeContainer(container).body,
    );
    expect(failure(() => decodeFile(lying, 'l.caq'))).toMatchObject({ code: 'E_BAD_CONTAINER', file: 'l.caq' });
  });

  it('is what every registered codec writes', () => {
    for (const codec of CODECS.filter((c) => c.input === 'bytes')) {
      expect(decodeContainer(encodeFile(codec, input, defaults(codec.id), {})).header.codec).toBe(codec.id);
    }
  });
});

function defaults(id: string): Record<string, number | string> {
  return Object.fromEntries(
    getCodec(id)
      .params.filter((p) => p.default !== undefined)
      .map((p) => [p.name, p.default as number | string]),
  );
}
