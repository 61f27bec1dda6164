/**
 * `quantize`: the simplest honest lossy baseline, an error-bounded uniform
 * scalar quantiser. Each value x becomes q = round(x / step), step = 2 · bound,
 * and comes back as q · step in the tensor's dtype, so |x − x̂| ≤ bound in exact
 * arithmetic; the encoder checks every element again after the dtype's rounding
 * and keeps any that would break the bound (and NaN, ±Inf) verbatim, so the
 * declared `abs` bound holds without exception. Codes go to the lossless
 * backend of lossy/code-pack.ts.
 */
import type { Codec, CodecParams, Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import { MAX_CODE, packCodes, unpackCodes } from '../lossy/code-pack.js';
import { inputTensor } from './payload.js';

const cast = (dtype: Tensor['dtype']) => (dtype === 'float32' ? Math.fround : (v: number) => v);

function stepOf(params: CodecParams): number {
  return 2 * (params.bound as number);
}

export const quantizeCodec: Codec = {
  id: 'quantize',
  version: '1',
  description:
    'error-bounded uniform scalar quantiser (abs bound, round to nearest, step = 2 × bound) + byte-plane deflate',
  lossless: false,
  adaptive: false,
  input: 'tensor',
  wholeInput: true,
  errorBound: { mode: 'abs', param: 'bound' },
  params: [
    {
      name: 'bound',
      type: 'number',
      description: 'absolute error bound: every |x − x̂| ≤ bound (step = 2 × bound)',
      default: 0.01,
      min: 1e-300,
    },
    {
      name: 'level',
      type: 'int',
      description: 'deflate level of the codes, 1 (fastest) to 9 (smallest)',
      default: 9,
      min: 1,
      max: 9,
    },
  ],
  encode(input, params) {
    const t = inputTensor('quantize', input);
    const step = stepOf(params);
    const bound = params.bound as number;
    const round = cast(t.dtype);
    const n = t.data.length;
    const codes = new Int32Array(n);
    const exceptions = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = t.data[i]!;
      const q = Math.round(x / step);
      // Non-finite x gives a non-finite q; a rounding that lands beyond the bound is kept verbatim too.
      if (!(Math.abs(q) <= MAX_CODE) || !(Math.abs(x - round(q * step)) <= bound)) exceptions[i] = 1;
      else codes[i] = q;
    }
    return packCodes({ codes, exceptions, values: t.data }, t.dtype, params.level as number);
  },
  decode(body, params, like) {
    if (like.kind !== 'tensor')
      throw new EngineError('E_BAD_CONTAINER', "codec 'quantize' containers hold tensors, this one says bytes");
    const n = like.shape.reduce((a, b) => a * b, 1);
    const { codes, exceptions } = unpackCodes(body, n, like.dtype, 'quantize');
    const step = stepOf(params);
    const data = like.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = codes[i]! * step;
    for (const [i, v] of exceptions) data[i] = v;
    return { kind: 'tensor', tensor: { dtype: like.dtype, shape: [...like.shape], data } };
  },
};
