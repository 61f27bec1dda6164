/**
 * `npz`: the ALCM paper's baseline, numpy `savez_compressed(data=tensor)` of
 * the raw array (see format/npz.ts for how close to numpy's bytes it gets).
 */
import type { Codec, Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import { readNpz, writeNpz } from '../format/npz.js';
import { inputTensor } from './payload.js';

export const npzCodec: Codec = {
  id: 'npz',
  version: '1',
  description: 'numpy savez_compressed of the tensor (zip + deflate at zlib default level)',
  lossless: true,
  adaptive: false,
  input: 'tensor',
  wholeInput: true,
  params: [],
  encode: (input) => writeNpz([{ name: 'data', array: inputTensor('npz', input) }]),
  decode(body, _params, like) {
    const array = readNpz(body).get('data');
    if (like.kind !== 'tensor' || array === undefined) {
      throw new EngineError(
        'E_BAD_CONTAINER',
        "npz body holds no 'data' tensor or the container does not describe a tensor",
      );
    }
    if (array.dtype !== like.dtype || array.shape.join(',') !== like.shape.join(',')) {
      throw new EngineError(
        'E_BAD_CONTAINER',
        `npz body holds ${array.dtype} [${array.shape}], the container says ${like.dtype} [${like.shape}]`,
      );
    }
    return { kind: 'tensor', tensor: array as Tensor };
  },
};
