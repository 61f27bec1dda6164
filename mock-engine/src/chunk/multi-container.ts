/**
 * The multi-chunk container `compress --chunk-rows/--chunk-bytes` writes: a
 * header describing the whole input, then one frame per chunk, each frame an
 * ordinary single container (container.ts) of that chunk alone. Its magic
 * differs from the single container's, so `decompress` tells them apart from
 * the first four bytes, and an engine that predates it refuses it by name
 * instead of misreading it. Integers as in container.ts (varints, LE u32):
 *
 *   "CAQM"          4 bytes magic (the single container is "CAQB")
 *   format version  u8 (1)
 *   codec id        u8 length + ASCII      } every chunk must carry the same,
 *   codec version   u8 length + ASCII      } so chunks cannot be spliced in
 *   payload         u8 kind: 0 bytes → var length;
 *                   1 float32 / 2 float64 tensor → u8 ndim + ndim × var dims
 *   unit            var: rows (tensor) or bytes (bytes) per chunk, ≥ 1
 *   chunk count     var (= ceil(rows or length / unit))
 *   header CRC-32   u32 of every header byte above
 *   count × frame:  u32 chunk length, u32 CRC-32 of the chunk, the chunk
 *   end of file right after the last frame (trailing bytes are corruption)
 *
 * Frame lengths sit in front of each chunk rather than in an index at the end
 * so that both writing and reading go forward only, one chunk in memory.
 */
import type { PayloadShape } from '../codec.js';
import { EngineError } from '../errors.js';
import { ByteReader, ByteWriter } from '../format/bytes.js';
import { crc32 } from '../format/crc32.js';
import { expectedCount } from './slices.js';

export const MULTI_MAGIC = new Uint8Array([0x43, 0x41, 0x51, 0x4d]); // "CAQM"
export const MULTI_VERSION = 1;
/** Bytes before a chunk: its length and CRC. */
export const FRAME_HEADER_BYTES = 8;
/** No header is longer: two 255-byte strings, 255 dims of 8-byte varints, and change. */
export const MAX_HEADER_BYTES = 4096;
const KINDS = ['bytes', 'float32', 'float64'] as const;

export interface MultiHeader {
  codec: string;
  codecVersion: string;
  whole: PayloadShape;
  unit: number;
  count: number;
}

export function encodeMultiHeader(h: MultiHeader): Uint8Array {
  const w = new ByteWriter();
  w.bytes(MULTI_MAGIC);
  w.u8(MULTI_VERSION);
  w.shortString(h.codec);
  w.shortString(h.codecVersion);
  if (h.whole.kind === 'bytes') {
    w.u8(0);
    w.varint(h.whole.length);
  } else {
    w.u8(KINDS.indexOf(h.whole.dtype));
    w.u8(h.whole.shape.length);
    for (const d of h.whole.shape) w.varint(d);
  }
  w.varint(h.unit);
  w.varint(h.count);
  const fields = w.finish();
  const crc = new Uint8Array(4);
  new DataView(crc.buffer).setUint32(0, crc32(fields), true);
  const out = new Uint8Array(fields.length + 4);
  out.set(fields);
  out.set(crc, fields.length);
  return out;
}

export function hasMultiMagic(lead: Uint8Array): boolean {
  return lead.length >= MULTI_MAGIC.length && MULTI_MAGIC.every((b, i) => lead[i] === b);
}

/** Parses the header at the start of `lead` (the file's first bytes); returns it and its length. */
export function decodeMultiHeader(lead: Uint8Array, file: string): { header: MultiHeader; length: number } {
  const bad = (message: string): EngineError => new EngineError('E_BAD_CONTAINER', message, { file });
  if (!hasMultiMagic(lead)) throw bad('not a caqbench multi-chunk container (wrong magic)');
  const r = new ByteReader(
    lead,
    () => bad(`truncated multi-chunk container: ${lead.length} bytes end inside the header`),
    () => bad('multi-chunk header holds an impossible length (corrupted)'),
  );
  r.skip(MULTI_MAGIC.length);
  const version = r.u8();
  if (version !== MULTI_VERSION) throw bad(`unsupported multi-chunk container version ${version}`);
  const codec = r.shortString();
  const codecVersion = r.shortString();
  const kind = r.u8();
  let whole: PayloadShape;
  if (kind === 0) whole = { kind: 'bytes', length: r.varint() };
  else if (kind === 1 || kind === 2) {
    const ndim = r.u8();
    whole = { kind: 'tensor', dtype: KINDS[kind], shape: Array.from({ length: ndim }, () => r.varint()) };
  } else throw bad(`unknown payload kind ${kind} (corrupted)`);
  const unit = r.varint();
  const count = r.varint();
  const fieldsEnd = r.offset;
  if (r.u32() !== crc32(lead.subarray(0, fieldsEnd)))
    throw bad('multi-chunk header fails its CRC-32 check (corrupted)');
  if (unit < 1 || (whole.kind === 'tensor' && whole.shape.length === 0) || count !== expectedCount(whole, unit)) {
    throw bad(`multi-chunk header is inconsistent: ${count} chunks of ${unit} for ${JSON.stringify(whole)}`);
  }
  return { header: { codec, codecVersion, whole, unit, count }, length: r.offset };
}

export function frameHeader(chunk: Uint8Array): Uint8Array {
  if (chunk.length > 0xffffffff)
    throw new EngineError('E_USAGE', `a chunk encodes to ${chunk.length} bytes, over the 4 GiB frame limit`, {
      hint: 'use fewer rows per chunk',
    });
  const out = new Uint8Array(FRAME_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, chunk.length, true);
  view.setUint32(4, crc32(chunk), true);
  return out;
}
