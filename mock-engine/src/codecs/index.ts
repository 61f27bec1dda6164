/**
 * The codec registry. To add a codec, import it and append it to `CODECS`;
 * `info`, `compress`, `run` and the harness all read this one list.
 */
import { alcmCodec } from '../alcm/codec.js';
import type { Codec } from '../codec.js';
import { EngineError } from '../errors.js';
import { brotliCodec } from './brotli.js';
import { deflateCodec, gzipCodec } from './deflate.js';
import { lorenzoCodec } from './lorenzo.js';
import { npzCodec } from './npz.js';
import { quantizeCodec } from './quantize.js';
import { storeCodec } from './store.js';

export { recordableParams, resolveParams, shownParams } from './params.js';

export const CODECS: Codec[] = [
  storeCodec,
  deflateCodec,
  gzipCodec,
  brotliCodec,
  npzCodec,
  alcmCodec,
  quantizeCodec,
  lorenzoCodec,
];

export function listCodecs(): Codec[] {
  return [...CODECS];
}

export function getCodec(id: string): Codec {
  const codec = CODECS.find((c) => c.id === id);
  if (codec === undefined) {
    throw new EngineError('E_UNKNOWN_CODEC', `unknown codec '${id}'`, {
      field: 'codec',
      hint: `known codecs: ${CODECS.map((c) => c.id).join(', ')}`,
    });
  }
  return codec;
}
