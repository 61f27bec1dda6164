/**
 * The .npy header alone, read from and written to a file handle, so that a
 * tensor far larger than memory can be sliced and rebuilt. format/npy.ts reads
 * and writes whole arrays; this module reproduces its header rules exactly
 * (test/engine/chunk checks the written header byte for byte against
 * `encodeNpy`), and accepts only what tensor codecs take: float32/float64, C order.
 */
import { readSync } from 'node:fs';
import type { TensorDtype } from '../codec.js';
import { EngineError } from '../errors.js';
import { parsePyLiteral, reprShape } from '../format/npy-header.js';

export interface NpyLayout {
  dtype: TensorDtype;
  shape: number[];
  bigEndian: boolean;
  /** Byte offset of the first element. */
  dataStart: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;
const DESCR: Record<TensorDtype, string> = { float32: '<f4', float64: '<f8' };

/** Reads exactly `length` bytes at `position`, or fewer only at end of file. */
export function readAt(fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, out, filled, length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === length ? out : out.subarray(0, filled);
}

export function readNpyLayout(fd: number, file: string): NpyLayout {
  const bad = (message: string, hint?: string): EngineError => new EngineError('E_BAD_NPY', message, { file, hint });
  const lead = readAt(fd, 0, 12);
  if (lead.length < 10 || MAGIC.some((b, i) => lead[i] !== b))
    throw bad('not a .npy file (missing \\x93NUMPY magic)', 'tensor codecs read numpy .npy files (np.save)');
  const major = lead[6]!;
  if (major < 1 || major > 3 || lead[7] !== 0)
    throw bad(`unsupported .npy version ${major}.${lead[7]}`, 'versions 1.0, 2.0 and 3.0 are read');
  const view = new DataView(lead.buffer, lead.byteOffset, lead.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (lead.length < prefix) throw bad('truncated .npy header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerBytes = readAt(fd, prefix, headerLength);
  if (headerBytes.length < headerLength) throw bad(`truncated .npy header: needs ${prefix + headerLength} bytes`);
  const header = parsePyLiteral(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes).trim(), file);
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('.npy header is not a dict');
  const m = typeof header.descr === 'string' ? /^([<>=])f([48])$/.exec(header.descr) : null;
  if (m === null)
    throw bad(
      `chunked tensor codecs need a float32 or float64 .npy, this one holds ${JSON.stringify(header.descr)}`,
      'convert it with arr.astype(np.float32)',
    );
  if (header.fortran_order !== false)
    throw bad('Fortran-order .npy arrays are not supported', 'save a C-order array (np.ascontiguousarray)');
  const shape = header.shape;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`malformed .npy shape ${JSON.stringify(shape)}`);
  }
  const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const bigEndian = m[1] === '>' || (m[1] === '=' && !hostLittle);
  return {
    dtype: m[2] === '4' ? 'float32' : 'float64',
    shape: shape as number[],
    bigEndian,
    dataStart: prefix + headerLength,
  };
}

/** Exactly the header `np.save` (and format/npy.ts `encodeNpy`) writes before the data. */
export function npyHeaderBytes(dtype: TensorDtype, shape: number[]): Uint8Array {
  const first = shape.length > 0 ? String(shape[0]).length : GROWTH_AXIS_MAX_DIGITS;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${reprShape(shape)}, }${' '.repeat(GROWTH_AXIS_MAX_DIGITS - first)}`;
  const pad = (prefix: number): string =>
    `${dict}${' '.repeat(ARRAY_ALIGN - ((prefix + dict.length + 1) % ARRAY_ALIGN))}\n`;
  const version = pad(10).length <= 0xffff ? 1 : 2;
  const prefix = version === 1 ? 10 : 12;
  const text = pad(prefix);
  const out = new Uint8Array(prefix + text.length);
  out.set(MAGIC, 0);
  out[6] = version;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i += 1) out[prefix + i] = text.charCodeAt(i);
  return out;
}
