/**
 * The lossless backend of the engine's quantisers: integer codes, zigzag-mapped
 * to unsigned, at the narrowest width of 1, 2 or 4 bytes that holds them, split
 * into byte planes (all low bytes, then the next, …: deflate finds the runs of
 * a plane, not of interleaved bytes), then raw deflate by fflate (pure JS, the
 * same bytes on every machine). Elements the quantiser cannot represent within
 * its bound (NaN, ±Inf, values too large, float rounding) carry the reserved
 * top code and are kept verbatim, in order, after the planes.
 *
 * Layout: u8 width · varint exception count · varint deflated length · deflated
 * planes · exceptions as raw little-endian values of the tensor's dtype.
 */
import { deflateSync, inflateSync } from 'fflate';
import type { TensorDtype } from '../codec.js';
import { EngineError } from '../errors.js';
import { ByteReader, ByteWriter } from '../format/bytes.js';

export interface PackedCodes {
  /** One code per element; `exceptions` flags the elements stored verbatim (their code is ignored). */
  codes: Int32Array;
  exceptions: Uint8Array;
  values: Float32Array | Float64Array;
}

const zigzag = (q: number): number => (q >= 0 ? 2 * q : -2 * q - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
const widthFor = (maxZigzag: number): 1 | 2 | 4 => (maxZigzag < 0xff ? 1 : maxZigzag < 0xffff ? 2 : 4);
const reserved = (width: number): number => 2 ** (8 * width) - 1;

/** Codes of magnitude up to this fit a 4-byte zigzag below the reserved code; quantisers make larger ones exceptions. */
export const MAX_CODE = 2 ** 31 - 1;

export function packCodes(p: PackedCodes, dtype: TensorDtype, level: number): Uint8Array {
  const n = p.codes.length;
  let maxZ = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (p.exceptions[i]) count++;
    else maxZ = Math.max(maxZ, zigzag(p.codes[i]!));
  }
  const width = widthFor(maxZ);
  const planes = new Uint8Array(n * width);
  const kept = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    let z = p.exceptions[i] ? reserved(width) : zigzag(p.codes[i]!);
    if (p.exceptions[i]) kept[k++] = p.values[i]!;
    for (let b = 0; b < width; b++, z = Math.floor(z / 256)) planes[b * n + i] = z % 256;
  }
  const deflated = deflateSync(planes, { level: level as 1 });
  const w = new ByteWriter();
  w.u8(width);
  w.varint(count);
  w.varint(deflated.length);
  w.bytes(deflated);
  w.bytes(new Uint8Array(kept.buffer));
  return w.finish();
}

export interface UnpackedCodes {
  codes: Float64Array;
  /** Verbatim values by element index, for the elements with the reserved code. */
  exceptions: Map<number, number>;
}

export function unpackCodes(body: Uint8Array, n: number, dtype: TensorDtype, codecId: string): UnpackedCodes {
  const bad = (why: string) => () => new EngineError('E_BAD_CONTAINER', `codec '${codecId}' body ${why}`);
  const r = new ByteReader(body, bad('is truncated'), bad('is corrupt'));
  const width = r.u8();
  if (width !== 1 && width !== 2 && width !== 4) throw bad(`has code width ${width}`)();
  const count = r.varint();
  const deflated = r.bytes(r.varint());
  let planes: Uint8Array;
  try {
    planes = inflateSync(deflated, { out: new Uint8Array(n * width + 1) });
  } catch (error) {
    throw bad(`holds a corrupt deflate stream (${(error as Error).message})`)();
  }
  if (planes.length !== n * width) throw bad(`holds ${planes.length} code bytes for ${n} elements of ${width} bytes`)();
  const size = dtype === 'float32' ? 4 : 8;
  const raw = r.bytes(count * size).slice();
  if (r.offset !== body.length) throw bad('has trailing bytes')();
  const kept = dtype === 'float32' ? new Float32Array(raw.buffer) : new Float64Array(raw.buffer);
  const codes = new Float64Array(n);
  const exceptions = new Map<number, number>();
  const top = reserved(width);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let b = width - 1; b >= 0; b--) z = z * 256 + planes[b * n + i]!;
    if (z === top) {
      if (exceptions.size >= count) throw bad('flags more exceptions than it stores')();
      exceptions.set(i, kept[exceptions.size]!);
    } else codes[i] = unzigzag(z);
  }
  if (exceptions.size !== count) throw bad(`stores ${count} exceptions but flags ${exceptions.size}`)();
  return { codes, exceptions };
}
