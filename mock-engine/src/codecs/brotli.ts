/**
 * `brotli` via node:zlib. The default quality is 6, not brotli's 11: at 11 a
 * 1 MB file costs about a second of CPU, so CPU noise would move CAQ
 * (= ratio / (cpu + 1)) by more than the 1.5% tolerance; at 6 it costs
 * milliseconds. The bytes depend on the brotli bundled with Node (1.1.0 in
 * Node 20), which is part of the environment block of every result.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Codec } from '../codec.js';
import { checkedLength, corrupt, expectedLength, inputBytes } from './payload.js';

const MODES: Record<string, number> = {
  generic: constants.BROTLI_MODE_GENERIC,
  text: constants.BROTLI_MODE_TEXT,
  font: constants.BROTLI_MODE_FONT,
};

export const brotliCodec: Codec = {
  id: 'brotli',
  version: '1',
  description: 'Brotli (RFC 7932) by node:zlib',
  lossless: true,
  adaptive: false,
  input: 'bytes',
  wholeInput: true,
  params: [
    { name: 'quality', type: 'int', description: 'quality, 0 (fastest) to 11 (smallest)', default: 6, min: 0, max: 11 },
    { name: 'lgwin', type: 'int', description: 'log2 of the sliding window size', default: 22, min: 10, max: 24 },
    { name: 'mode', type: 'string', description: 'input hint', default: 'generic', choices: Object.keys(MODES) },
  ],
  encode(input, params) {
    const bytes = inputBytes('brotli', input);
    const out = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: params.quality as number,
        [constants.BROTLI_PARAM_LGWIN]: params.lgwin as number,
        [constants.BROTLI_PARAM_MODE]: MODES[params.mode as string]!,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  decode(body, _params, like) {
    const length = expectedLength('brotli', like);
    let out: Buffer;
    try {
      // The bound keeps a forged body from inflating past the recorded length.
      out = brotliDecompressSync(body, { maxOutputLength: length + 1 });
    } catch (error) {
      throw corrupt('brotli', error);
    }
    return checkedLength('brotli', new Uint8Array(out.buffer, out.byteOffset, out.byteLength), length);
  },
};
