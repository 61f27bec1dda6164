/**
 * `deflate` (raw RFC 1951) and `gzip` (RFC 1952, mtime 0, no file name) with
 * fflate: pure JS, so the compressed bytes are the same on every machine and
 * Node version (node:zlib's output can change with Node's bundled zlib).
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'fflate';
import type { Codec, CodecParamSpec } from '../codec.js';
import { checkedLength, corrupt, expectedLength, inputBytes } from './payload.js';

type Level = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

const LEVEL: CodecParamSpec = {
  name: 'level',
  type: 'int',
  description: 'compression level, 1 (fastest) to 9 (smallest)',
  default: 6,
  min: 1,
  max: 9,
};

function decodeWith(id: string, run: (body: Uint8Array, out: Uint8Array) => Uint8Array) {
  return (body: Uint8Array, _params: unknown, like: Parameters<Codec['decode']>[2]) => {
    const length = expectedLength(id, like);
    let out: Uint8Array;
    try {
      // One spare byte: fflate stops silently at a full buffer, so overlong output shows as length + 1.
      out = run(body, new Uint8Array(length + 1));
    } catch (error) {
      throw corrupt(id, error);
    }
    return checkedLength(id, out, length);
  };
}

export const deflateCodec: Codec = {
  id: 'deflate',
  version: '1',
  description: 'raw DEFLATE (RFC 1951) by fflate',
  lossless: true,
  adaptive: false,
  input: 'bytes',
  wholeInput: true,
  params: [LEVEL],
  encode: (input, params) => deflateSync(inputBytes('deflate', input), { level: params.level as Level }),
  decode: decodeWith('deflate', (body, out) => inflateSync(body, { out })),
};

export const gzipCodec: Codec = {
  id: 'gzip',
  version: '1',
  description: 'gzip (RFC 1952) by fflate; header without time or name',
  lossless: true,
  adaptive: false,
  input: 'bytes',
  wholeInput: true,
  params: [LEVEL],
  encode: (input, params) => gzipSync(inputBytes('gzip', input), { level: params.level as Level, mtime: 0 }),
  decode: decodeWith('gzip', (body, out) => gunzipSync(body, { out })),
};
