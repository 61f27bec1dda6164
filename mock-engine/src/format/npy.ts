/**
 * numpy's .npy format (NEP 1): read versions 1.0–3.0, write exactly what
 * `np.save` writes (version 1.0 unless the header needs more), so a file we
 * write hashes the same as numpy's.
 */
import { EngineError } from '../errors.js';
import { parsePyLiteral, reprShape } from './npy-header.js';

export type NpyDtype = 'float32' | 'float64' | 'bool' | 'uint8' | 'int32' | 'int64';

export interface NpyArray {
  dtype: NpyDtype;
  /** C-order shape; `[]` is a scalar. */
  shape: number[];
  /** bool is stored as 0/1 bytes. */
  data: Float32Array | Float64Array | Uint8Array | Int32Array | BigInt64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
/** numpy pads the header so the first axis can grow in place to 21 digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;

const DTYPES: Record<NpyDtype, { kind: string; size: number }> = {
  float32: { kind: 'f', size: 4 },
  float64: { kind: 'f', size: 8 },
  bool: { kind: 'b', size: 1 },
  uint8: { kind: 'u', size: 1 },
  int32: { kind: 'i', size: 4 },
  int64: { kind: 'i', size: 8 },
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function itemSize(dtype: NpyDtype): number {
  return DTYPES[dtype].size;
}

export function elementCount(shape: number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function descrOf(dtype: NpyDtype): string {
  const { kind, size } = DTYPES[dtype];
  return `${size === 1 ? '|' : '<'}${kind}${size}`;
}

function dtypeOf(descr: string): { dtype: NpyDtype; bigEndian: boolean } | undefined {
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  if (m === null) return undefined;
  const [, order, kind, size] = m;
  const entry = (Object.keys(DTYPES) as NpyDtype[]).find(
    (d) => DTYPES[d].kind === kind && DTYPES[d].size === Number(size),
  );
  if (entry === undefined) return undefined;
  const bigEndian = order === '>' || (order === '=' && !HOST_LITTLE_ENDIAN);
  return { dtype: entry, bigEndian: bigEndian && DTYPES[entry].size > 1 };
}

function viewAs(dtype: NpyDtype, buffer: ArrayBuffer): NpyArray['data'] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    default:
      return new Uint8Array(buffer);
  }
}

/** Reverse each item's bytes in place (file byte order differs from the host's). */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

export function encodeNpy(a: NpyArray): Uint8Array {
  const count = elementCount(a.shape);
  const size = itemSize(a.dtype);
  if (a.data.length !== count) {
    throw new EngineError(
      'E_SHAPE_MISMATCH',
      `array has ${a.data.length} elements but shape ${reprShape(a.shape)} needs ${count}`,
    );
  }
  const first = a.shape.length > 0 ? String(a.shape[0]).length : GROWTH_AXIS_MAX_DIGITS;
  let dict = `{'descr': '${descrOf(a.dtype)}', 'fortran_order': False, 'shape': ${reprShape(a.shape)}, }`;
  dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - first);
  // Like numpy: version 1.0 (16-bit header length) unless the padded header does not fit.
  const pad = (prefix: number): string =>
    `${dict}${' '.repeat(ARRAY_ALIGN - ((prefix + dict.length + 1) % ARRAY_ALIGN))}\n`;
  const version = pad(10).length <= 0xffff ? 1 : 2;
  const prefix = version === 1 ? 10 : 12;
  const header = pad(prefix);
  const out = new Uint8Array(prefix + header.length + count * size);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) out[prefix + i] = header.charCodeAt(i);
  const body = new Uint8Array(a.data.buffer, a.data.byteOffset, count * size);
  out.set(body, prefix + header.length);
  if (!HOST_LITTLE_ENDIAN && size > 1) swapBytes(out.subarray(prefix + header.length), size);
  return out;
}

export function decodeNpy(bytes: Uint8Array, file?: string): NpyArray {
  const bad = (message: string, hint?: string): EngineError => new EngineError('E_BAD_NPY', message, { file, hint });
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw bad('not a .npy file (missing \\x93NUMPY magic)', 'tensor codecs read numpy .npy files (np.save)');
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3 || bytes[7] !== 0)
    throw bad(`unsupported .npy version ${major}.${bytes[7]}`, 'versions 1.0, 2.0 and 3.0 are read');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw bad('truncated .npy header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = prefix + headerLength;
  if (dataStart > bytes.length) throw bad(`truncated .npy header: needs ${dataStart} bytes, file has ${bytes.length}`);
  const headerBytes = bytes.subarray(prefix, dataStart);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const header = parsePyLiteral(text.trim(), file);
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('.npy header is not a dict');
  const { descr, fortran_order: fortran, shape } = header;
  if (typeof descr !== 'string')
    throw bad(`unsupported .npy descr ${JSON.stringify(descr)}`, 'structured dtypes are not supported');
  const type = dtypeOf(descr);
  if (type === undefined)
    throw bad(`unsupported .npy dtype '${descr}'`, 'supported: float32, float64, bool, uint8, int32, int64');
  if (fortran !== false)
    throw bad('Fortran-order .npy arrays are not supported', 'save a C-order array (np.ascontiguousarray)');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`malformed .npy shape ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  const size = itemSize(type.dtype);
  const expected = elementCount(dims) * size;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    throw new EngineError(
      'E_SHAPE_MISMATCH',
      `.npy data is ${actual} bytes but dtype ${type.dtype} and shape ${reprShape(dims)} need ${expected}`,
      { file, hint: 'the file is truncated or its header does not describe its data' },
    );
  }
  // A fresh, aligned copy (Buffer#slice would alias a pooled buffer).
  const copy = new Uint8Array(bytes.subarray(dataStart));
  if (type.bigEndian === HOST_LITTLE_ENDIAN && size > 1) swapBytes(copy, size);
  return { dtype: type.dtype, shape: dims, data: viewAs(type.dtype, copy.buffer) };
}
