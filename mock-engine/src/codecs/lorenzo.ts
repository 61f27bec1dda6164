/**
 * `lorenzo`: an SZ-style predictive quantiser. Each value is predicted from
 * its already reconstructed neighbours by the Lorenzo predictor (1-D: the left
 * one; 2-D and up, over the last two axes: left + up − up-left), and the
 * residual is quantised like `quantize` does values: q = round((x − p) / step),
 * step = 2 · bound, x̂ = p + q · step in the tensor's dtype. Prediction runs on
 * the reconstruction, so the decoder repeats it exactly. Elements where the
 * dtype's rounding would break the bound, NaN and ±Inf are kept verbatim (and
 * predict from their neighbours as 0 when non-finite). Codes go to the same
 * backend (lossy/code-pack.ts). It pays off on smooth fields; on i.i.d. data
 * (the ALCM's gradients) the prediction adds the neighbours' noise.
 */
import type { Codec, CodecParams, Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import { MAX_CODE, packCodes, unpackCodes } from '../lossy/code-pack.js';
import { inputTensor } from './payload.js';

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** The prediction of element i from the reconstruction so far; rows of `width` values (the last axis). */
function predict(y: Float32Array | Float64Array, i: number, width: number, twoD: boolean): number {
  const col = i % width;
  const left = col > 0 ? finite(y[i - 1]!) : 0;
  if (!twoD || i < width) return left;
  const up = finite(y[i - width]!);
  return col > 0 ? left + up - finite(y[i - width - 1]!) : up;
}

function layout(shape: number[]): { width: number; twoD: boolean } {
  const width = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  return { width: Math.max(width, 1), twoD: shape.length >= 2 };
}

export const lorenzoCodec: Codec = {
  id: 'lorenzo',
  version: '1',
  description:
    'SZ-style Lorenzo predictor + error-bounded quantisation of the residuals (abs bound, step = 2 × bound) + byte-plane deflate',
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
  encode(input, params: CodecParams) {
    const t: Tensor = inputTensor('lorenzo', input);
    const bound = params.bound as number;
    const step = 2 * bound;
    const n = t.data.length;
    const { width, twoD } = layout(t.shape);
    const y = t.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    const codes = new Int32Array(n);
    const exceptions = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = t.data[i]!;
      const p = predict(y, i, width, twoD);
      const q = Math.round((x - p) / step);
      y[i] = p + q * step;
      if (!(Math.abs(q) <= MAX_CODE) || !(Math.abs(x - y[i]!) <= bound)) {
        exceptions[i] = 1;
        y[i] = x;
      } else codes[i] = q;
    }
    return packCodes({ codes, exceptions, values: t.data }, t.dtype, params.level as number);
  },
  decode(body, params, like) {
    if (like.kind !== 'tensor')
      throw new EngineError('E_BAD_CONTAINER', "codec 'lorenzo' containers hold tensors, this one says bytes");
    const n = like.shape.reduce((a, b) => a * b, 1);
    const { codes, exceptions } = unpackCodes(body, n, like.dtype, 'lorenzo');
    const step = 2 * (params.bound as number);
    const { width, twoD } = layout(like.shape);
    const y = like.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const kept = exceptions.get(i);
      y[i] = kept !== undefined ? kept : predict(y, i, width, twoD) + codes[i]! * step;
    }
    return { kind: 'tensor', tensor: { dtype: like.dtype, shape: [...like.shape], data: y } };
  },
};
