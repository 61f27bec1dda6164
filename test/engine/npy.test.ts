import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../mock-engine/src/errors.js';
import { decodeNpy, encodeNpy } from '../../mock-engine/src/format/npy.js';
import { ALCM_DIR, NPY_DIR, alcmTensors, fixture } from './helpers.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof EngineError ? error.code : 'not an EngineError';
  }
  return undefined;
}

describe('.npy', () => {
  it.each(alcmTensors())('re-encodes $npy byte for byte as numpy wrote it', (t) => {
    const bytes = fixture(join(ALCM_DIR, t.npy));
    const array = decodeNpy(bytes, t.npy);
    expect(array).toMatchObject({ dtype: 'float32', shape: [100, 100] });
    const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
    expect(createHash('sha256').update(body).digest('hex')).toBe(t.sha256);
    expect(Buffer.from(encodeNpy(array)).equals(Buffer.from(bytes))).toBe(true);
  });

  const written = readdirSync(NPY_DIR).filter(
    (f) => /^(f4|f8|b1|u1|i4|i8)_/.test(f) && !/big_endian|_v[23]_|fortran/.test(f),
  );
  it.each(written)('round-trips numpy header and data of %s exactly', (name) => {
    const bytes = fixture(join(NPY_DIR, name));
    expect(Buffer.from(encodeNpy(decodeNpy(bytes, name))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads scalars, empty arrays, special floats and every supported dtype', () => {
    expect(decodeNpy(fixture(join(NPY_DIR, 'f4_scalar.npy')))).toMatchObject({
      shape: [],
      data: new Float32Array([1.5]),
    });
    expect(decodeNpy(fixture(join(NPY_DIR, 'f4_empty_3x0.npy'))).shape).toEqual([3, 0]);
    expect(decodeNpy(fixture(join(NPY_DIR, 'f4_long_axis_0.npy'))).shape).toEqual([1e11, 0]);
    const special = decodeNpy(fixture(join(NPY_DIR, 'f8_1d_5.npy'))).data as Float64Array;
    expect(Object.is(special[1], -0)).toBe(true);
    expect([Number.isNaN(special[2]), special[3], special[4]]).toEqual([true, Infinity, -Infinity]);
    expect(Array.from(decodeNpy(fixture(join(NPY_DIR, 'b1_2x3.npy'))).data as Uint8Array)).toEqual([1, 0, 1, 0, 0, 1]);
    expect(decodeNpy(fixture(join(NPY_DIR, 'i8_3.npy'))).data).toEqual(new BigInt64Array([1n, -2n, 2n ** 40n]));
    expect(Array.from(decodeNpy(fixture(join(NPY_DIR, 'i4_2x2.npy'))).data as Int32Array)).toEqual([1, -2, 3, -4]);
  });

  it('reads versions 2.0 and 3.0 and big-endian data', () => {
    for (const name of ['f4_v2_2x2.npy', 'f4_v3_2x2.npy']) {
      expect(decodeNpy(fixture(join(NPY_DIR, name)))).toMatchObject({
        shape: [2, 2],
        data: new Float32Array([1, 2, 3, 4]),
      });
    }
    expect(decodeNpy(fixture(join(NPY_DIR, 'f8_big_endian_4.npy'))).data).toEqual(
      new Float64Array([1, -2.5, 3.25, Math.PI]),
    );
  });

  it('rejects Fortran order, unsupported dtypes, foreign bytes and bad versions with E_BAD_NPY', () => {
    expect(codeOf(() => decodeNpy(fixture(join(NPY_DIR, 'f4_fortran_2x3.npy'))))).toBe('E_BAD_NPY');
    expect(codeOf(() => decodeNpy(fixture(join(NPY_DIR, 'c8_2.npy'))))).toBe('E_BAD_NPY');
    expect(codeOf(() => decodeNpy(new TextEncoder().encode('hello, world')))).toBe('E_BAD_NPY');
    const v9 = fixture(join(NPY_DIR, 'u1_7.npy'));
    v9[6] = 9;
    expect(codeOf(() => decodeNpy(v9))).toBe('E_BAD_NPY');
    const header = fixture(join(NPY_DIR, 'u1_7.npy')).subarray(0, 40);
    expect(codeOf(() => decodeNpy(header))).toBe('E_BAD_NPY');
  });

  it('names the file when the byte count does not match dtype × shape', () => {
    const bytes = fixture(join(ALCM_DIR, 'tensors/grad_43_100x100.npy'));
    for (const cut of [bytes.subarray(0, bytes.length - 4), new Uint8Array([...bytes, 0, 0, 0, 0])]) {
      try {
        decodeNpy(cut, 'data/x.npy');
        expect.unreachable('a short or long body must be rejected');
      } catch (error) {
        expect(error).toMatchObject({ code: 'E_SHAPE_MISMATCH', file: 'data/x.npy' });
        expect((error as Error).message).toContain('(100, 100)');
      }
    }
  });

  it('refuses to encode data that does not fill the shape', () => {
    expect(codeOf(() => encodeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) }))).toBe(
      'E_SHAPE_MISMATCH',
    );
  });
});
