/**
 * An input file cut into pieces that are each read only when needed: R rows
 * of a .npy (along the first axis, each piece its own C-order tensor) or B raw
 * bytes. Memory held at a time is one piece, whatever the file size.
 */
import { fstatSync } from 'node:fs';
import type { Payload, PayloadShape, Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import { readAt, readNpyLayout } from './npy-stream-header.js';

export interface Slices {
  /** The whole input, as the multi-chunk container records it. */
  whole: PayloadShape;
  /** Rows or bytes per piece (the last may be shorter). */
  unit: number;
  count: number;
  /** Each piece in order; reads the file as it goes. */
  pieces(): Generator<Payload>;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** Reads `length` bytes at `position`; a short read means the file changed or lies about its size. */
function readExactly(fd: number, position: number, length: number, file: string): Uint8Array {
  const bytes = readAt(fd, position, length);
  if (bytes.length !== length)
    throw new EngineError('E_IO', `input ended early: ${length} bytes expected at offset ${position}`, { file });
  return bytes;
}

export function rowSlices(fd: number, file: string, rows: number): Slices {
  const layout = readNpyLayout(fd, file);
  const { dtype, shape } = layout;
  if (shape.length === 0)
    throw new EngineError('E_USAGE', '--chunk-rows needs a tensor with at least one axis; this .npy holds a scalar', {
      file,
    });
  const size = dtype === 'float32' ? 4 : 8;
  const rowElements = shape.slice(1).reduce((n, d) => n * d, 1);
  const rowBytes = rowElements * size;
  const expected = layout.dataStart + shape[0]! * rowBytes;
  const actual = fstatSync(fd).size;
  if (actual !== expected) {
    throw new EngineError(
      'E_SHAPE_MISMATCH',
      `.npy file is ${actual} bytes but dtype ${dtype} and shape [${shape}] need ${expected}`,
      {
        file,
        hint: 'the file is truncated or its header does not describe its data',
      },
    );
  }
  return {
    whole: { kind: 'tensor', dtype, shape: [...shape] },
    unit: rows,
    count: ceilDiv(shape[0]!, rows),
    *pieces() {
      for (let first = 0; first < shape[0]!; first += rows) {
        const n = Math.min(rows, shape[0]! - first);
        const bytes = readExactly(fd, layout.dataStart + first * rowBytes, n * rowBytes, file);
        if (layout.bigEndian === HOST_LITTLE_ENDIAN && size > 1) {
          for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
        }
        const data = dtype === 'float32' ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
        const tensor: Tensor = { dtype, shape: [n, ...shape.slice(1)], data };
        yield { kind: 'tensor', tensor };
      }
    },
  };
}

export function byteSlices(fd: number, file: string, chunkBytes: number): Slices {
  const length = fstatSync(fd).size;
  return {
    whole: { kind: 'bytes', length },
    unit: chunkBytes,
    count: ceilDiv(length, chunkBytes),
    *pieces() {
      for (let at = 0; at < length; at += chunkBytes) {
        yield { kind: 'bytes', bytes: readExactly(fd, at, Math.min(chunkBytes, length - at), file) };
      }
    },
  };
}

/** What the piece `index` of a `whole` input cut every `unit` rows/bytes looks like: decode checks each piece against it. */
export function pieceShape(whole: PayloadShape, unit: number, index: number): PayloadShape {
  if (whole.kind === 'bytes') return { kind: 'bytes', length: Math.min(unit, whole.length - index * unit) };
  const rows = Math.min(unit, whole.shape[0]! - index * unit);
  return { kind: 'tensor', dtype: whole.dtype, shape: [rows, ...whole.shape.slice(1)] };
}

export function expectedCount(whole: PayloadShape, unit: number): number {
  return ceilDiv(whole.kind === 'bytes' ? whole.length : (whole.shape[0] ?? 0), unit);
}
