import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npyHeaderBytes, readNpyLayout } from '../../../mock-engine/src/chunk/npy-stream-header.js';
import type { TensorDtype } from '../../../mock-engine/src/codec.js';
import { encodeNpy, elementCount } from '../../../mock-engine/src/format/npy.js';
import { ALCM_DIR, tempDir } from '../helpers.js';

/** The header part of what encodeNpy writes, which must be what np.save writes. */
function headerOf(dtype: TensorDtype, shape: number[]): Uint8Array {
  const n = elementCount(shape);
  const whole = encodeNpy({ dtype, shape, data: dtype === 'float32' ? new Float32Array(n) : new Float64Array(n) });
  return whole.subarray(0, whole.length - n * (dtype === 'float32' ? 4 : 8));
}

describe('npyHeaderBytes', () => {
  it.each([
    ['float32', []],
    ['float32', [0]],
    ['float32', [5]],
    ['float32', [100, 100]],
    ['float64', [7, 3, 5]],
    ['float32', [0, 17]],
    ['float64', [123456, 1]],
  ] as Array<[TensorDtype, number[]]>)('%s %j equals the header encodeNpy writes', (dtype, shape) => {
    expect(Buffer.from(npyHeaderBytes(dtype, shape)).equals(Buffer.from(headerOf(dtype, shape)))).toBe(true);
  });

  it('writes the first-axis growth padding for a shape encodeNpy cannot afford to allocate', () => {
    // 4096 × 4096 float32: same header length as any other 2-D shape, only the digits move.
    const big = npyHeaderBytes('float32', [4096, 4096]);
    expect(big.length % 64).toBe(0);
    expect(big.length).toBe(headerOf('float32', [4, 4096]).length);
    expect(new TextDecoder('latin1').decode(big)).toContain("'shape': (4096, 4096), }");
  });
});

describe('readNpyLayout', () => {
  const withFile = <T>(bytes: Uint8Array, f: (fd: number) => T): T => {
    const path = join(tempDir(), 'x.npy');
    writeFileSync(path, bytes);
    const fd = openSync(path, 'r');
    try {
      return f(fd);
    } finally {
      closeSync(fd);
    }
  };

  it('reads dtype, shape and data offset of a numpy-written file', () => {
    const fd = openSync(join(ALCM_DIR, 'tensors/grad_43_100x100.npy'), 'r');
    try {
      expect(readNpyLayout(fd, 'g.npy')).toEqual({
        dtype: 'float32',
        shape: [100, 100],
        bigEndian: false,
        dataStart: 128,
      });
    } finally {
      closeSync(fd);
    }
  });

  it('reads a big-endian header as big-endian', () => {
    const bytes = encodeNpy({ dtype: 'float64', shape: [2], data: Float64Array.from([1, 2]) });
    const text = Buffer.from(bytes);
    text.write('>f8', text.indexOf('<f8'), 'latin1');
    expect(withFile(text, (fd) => readNpyLayout(fd, 'x.npy')).bigEndian).toBe(true);
  });

  it.each([
    ['not a .npy', new TextEncoder().encode('hello, world'), /missing \\x93NUMPY magic/],
    ['an int32 .npy', encodeNpy({ dtype: 'int32', shape: [2], data: Int32Array.from([1, 2]) }), /float32 or float64/],
  ])('refuses %s with E_BAD_NPY', (_what, bytes, message) => {
    let caught: unknown;
    withFile(bytes, (fd) => {
      try {
        readNpyLayout(fd, 'x.npy');
      } catch (error) {
        caught = error;
      }
    });
    expect(caught).toMatchObject({ code: 'E_BAD_NPY', file: 'x.npy' });
    expect((caught as Error).message).toMatch(message);
  });
});
