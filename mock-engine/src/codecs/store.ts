/** `store`: the identity codec, the zero row every table needs (ratio ≈ 1, CPU ≈ the measurement floor). */
import type { Codec } from '../codec.js';
import { checkedLength, expectedLength, inputBytes } from './payload.js';

export const storeCodec: Codec = {
  id: 'store',
  version: '1',
  description: 'identity: the body is the input, unchanged',
  lossless: true,
  adaptive: false,
  input: 'bytes',
  wholeInput: false,
  params: [],
  encode: (input) => inputBytes('store', input).slice(),
  decode: (body, _params, like) => checkedLength('store', body.slice(), expectedLength('store', like)),
};
