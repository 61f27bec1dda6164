import type { Tensor } from '../codec.js';
import { pairwiseSum } from './pairwise.js';

/**
 * The reference's adaptive quantiser, in the tensor's own dtype (float32 for the
 * fixtures, where every step below rounds to float32 exactly as numpy did):
 *   scale_r = max(|mean(x[r, …])| · bits, 1e-8)      (one scale per row r)
 *   q       = round(x / scale_r) · scale_r           (round = half to even)
 * A "row" is an index of the first axis and the mean runs over all the other
 * axes (numpy: mean over axes 1…ndim−1, keepdims). A 0-d or 1-d tensor is
 * taken as a single row (the reference only ever saw 2-d tensors; a per-element
 * "row" of a vector would quantise every element to ±scale).
 * Degenerate input follows numpy: a row holding NaN or ±Inf gets a NaN scale
 * (np.maximum propagates NaN) and quantises to NaN throughout; a row of zeros
 * gets the 1e-8 floor and stays zero; −0 stays −0.
 */
export interface Quantized {
  q: Float32Array | Float64Array;
  /** One scale per row. */
  rowScales: Float32Array | Float64Array;
  rowLength: number;
}

const SCALE_FLOOR = 1e-8;

/** Rows of a tensor as the quantiser sees them. */
export function rowCount(shape: number[]): number {
  return shape.length >= 2 ? shape[0]! : 1;
}

/** numpy's `rint`: round half to even, keeping the sign of zero. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function quantize(t: Tensor, bits: number): Quantized {
  const x = t.data;
  const n = x.length;
  const f32 = t.dtype === 'float32';
  const round = f32 ? Math.fround : (v: number): number => v;
  const rows = rowCount(t.shape);
  const rowLength = rows === 0 ? 0 : n / rows;
  const q = f32 ? new Float32Array(n) : new Float64Array(n);
  const rowScales = f32 ? new Float32Array(rows) : new Float64Array(rows);
  const b = round(bits);
  const floor = round(SCALE_FLOOR);
  for (let r = 0; r < rows; r++) {
    const off = r * rowLength;
    const mean = round(pairwiseSum(x, off, rowLength) / rowLength);
    const raw = round(Math.abs(mean) * b);
    // np.maximum: NaN wins, otherwise the larger.
    const scale = Number.isNaN(raw) ? raw : raw > floor ? raw : floor;
    rowScales[r] = scale;
    for (let i = off, end = off + rowLength; i < end; i++) {
      q[i] = roundHalfEven(round(x[i]! / scale)) * scale;
    }
  }
  return { q, rowScales, rowLength };
}
