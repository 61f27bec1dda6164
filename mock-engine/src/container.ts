/**
 * The self-describing container every codec's output is wrapped in, so that
 * `decompress` needs nothing but the bytes. Compact (about 25 bytes for the
 * parameterless `npz`), because results count the whole container and the
 * published figures count bare numpy files of ~30 KB: every 30 bytes is 0.1%.
 * Integers are unsigned LEB128 varints ("var"), the CRC little-endian:
 *
 *   "CAQB"                 4 bytes magic
 *   format version         u8 (1)
 *   codec id               u8 length + ASCII
 *   codec version          u8 length + ASCII
 *   params                 var length + canonical JSON (sorted keys, UTF-8)
 *   payload                u8 kind: 0 bytes → var length;
 *                          1 float32 / 2 float64 tensor → u8 ndim + ndim × var dims
 *   body length            var
 *   body CRC-32            u32
 *   body
 */
import type { CodecParams, PayloadShape } from './codec.js';
import { EngineError } from './errors.js';
import { canonicalJson } from './format/canonical-json.js';
import { crc32 } from './format/crc32.js';
import { ByteReader, ByteWriter } from './format/bytes.js';

export const CONTAINER_MAGIC = new Uint8Array([0x43, 0x41, 0x51, 0x42]); // "CAQB"
export const CONTAINER_VERSION = 1;
const KINDS = ['bytes', 'float32', 'float64'] as const;

export interface ContainerHeader {
  codec: string;
  codecVersion: string;
  /** The parameters decode needs; path parameters are recorded by content digest, not by path. */
  params: CodecParams;
  payload: PayloadShape;
}

export interface Container {
  header: ContainerHeader;
  body: Uint8Array;
}

export function encodeContainer(header: ContainerHeader, body: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.bytes(CONTAINER_MAGIC);
  w.u8(CONTAINER_VERSION);
  w.shortString(header.codec);
  w.shortString(header.codecVersion);
  const params = new TextEncoder().encode(canonicalJson(header.params));
  w.varint(params.length);
  w.bytes(params);
  const p = header.payload;
  if (p.kind === 'bytes') {
    w.u8(0);
    w.varint(p.length);
  } else {
    w.u8(KINDS.indexOf(p.dtype));
    w.u8(p.shape.length);
    for (const d of p.shape) w.varint(d);
  }
  w.varint(body.length);
  w.u32(crc32(body));
  w.bytes(body);
  return w.finish();
}

export function decodeContainer(bytes: Uint8Array, file?: string): Container {
  const bad = (message: string, hint?: string): EngineError =>
    new EngineError('E_BAD_CONTAINER', message, { file, hint });
  const magicOk = bytes.length >= CONTAINER_MAGIC.length && CONTAINER_MAGIC.every((b, i) => bytes[i] === b);
  if (!magicOk) {
    if (bytes.length < CONTAINER_MAGIC.length && bytes.every((b, i) => CONTAINER_MAGIC[i] === b))
      throw bad(`truncated container: ${bytes.length} bytes`);
    throw bad('not a caqbench container (wrong magic)', 'decompress reads files written by `mock-engine compress`');
  }
  const r = new ByteReader(
    bytes,
    () => bad(`truncated container: ${bytes.length} bytes end inside the header`),
    () => bad('container header holds an impossible length (corrupted)'),
  );
  r.skip(CONTAINER_MAGIC.length);
  const version = r.u8();
  if (version !== CONTAINER_VERSION)
    throw bad(`unsupported container format version ${version}`, `this engine reads version ${CONTAINER_VERSION}`);
  const codec = r.shortString();
  const codecVersion = r.shortString();
  let params: unknown;
  try {
    params = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(r.varint())));
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw bad('container parameters are not valid JSON (corrupted)');
  }
  if (
    params === null ||
    typeof params !== 'object' ||
    Array.isArray(params) ||
    !Object.values(params).every((v) => ['number', 'string', 'boolean'].includes(typeof v))
  ) {
    throw bad('container parameters are not an object of scalars (corrupted)');
  }
  const kind = r.u8();
  let payload: PayloadShape;
  if (kind === 0) payload = { kind: 'bytes', length: r.varint() };
  else if (kind === 1 || kind === 2) {
    const ndim = r.u8();
    const shape = Array.from({ length: ndim }, () => r.varint());
    payload = { kind: 'tensor', dtype: KINDS[kind], shape };
  } else throw bad(`unknown payload kind ${kind} (corrupted)`);
  const bodyLength = r.varint();
  const crc = r.u32();
  const body = bytes.subarray(r.offset);
  if (body.length !== bodyLength) {
    const why = body.length < bodyLength ? 'truncated' : 'trailing bytes';
    throw bad(`container body is ${body.length} bytes, its header says ${bodyLength} (${why})`);
  }
  if (crc32(body) !== crc) throw bad('container body fails its CRC-32 check (corrupted)');
  return { header: { codec, codecVersion, params: params as CodecParams, payload }, body };
}
