import type { Tensor, TensorDtype } from '../codec.js';
import { EngineError } from '../errors.js';
import type { NpyArray } from '../format/npy.js';
import { readNpz, writeNpz } from '../format/npz.js';

/**
 * The reference's storage: `np.savez_compressed(tensor=pruned, mask=mask,
 * scales=scales)`. The fixture sizes pin the layout down: only with `scales`
 * stored at the tensor's full shape and dtype (each row's scale repeated along
 * the row; the reference broadcast it before saving) and `mask` as numpy bool do
 * numpy's own sizes come out at `alcm_npz_bytes`, to the byte. A per-row vector
 * would be ~170 bytes smaller per 100×100 tensor; we keep the reference's
 * layout, since the published ratio is measured on it.
 * The decoder rebuilds the tensor as tensor · mask (which is `pruned` itself,
 * signed zeros included); it needs nothing but these bytes.
 */
export interface BackendArrays {
  dtype: TensorDtype;
  shape: number[];
  pruned: Float32Array | Float64Array;
  mask: Uint8Array;
  rowScales: Float32Array | Float64Array;
  rowLength: number;
}

export function encodeBackend(a: BackendArrays): Uint8Array {
  const n = a.pruned.length;
  const scales = a.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let r = 0; r < a.rowScales.length; r++) scales.fill(a.rowScales[r]!, r * a.rowLength, (r + 1) * a.rowLength);
  return writeNpz([
    { name: 'tensor', array: { dtype: a.dtype, shape: a.shape, data: a.pruned } },
    { name: 'mask', array: { dtype: 'bool', shape: a.shape, data: a.mask } },
    { name: 'scales', array: { dtype: a.dtype, shape: a.shape, data: scales } },
  ]);
}

function member(arrays: Map<string, NpyArray>, name: string, dtype: string, shape: number[]): NpyArray {
  const a = arrays.get(name);
  if (a === undefined) throw new EngineError('E_BAD_CONTAINER', `alcm-h3 body has no '${name}' array`);
  if (a.dtype !== dtype || a.shape.join(',') !== shape.join(',')) {
    throw new EngineError(
      'E_BAD_CONTAINER',
      `alcm-h3 body's '${name}' is ${a.dtype} [${a.shape}], expected ${dtype} [${shape}]`,
    );
  }
  return a;
}

/** Rebuilds the tensor from an alcm-h3 body; `dtype`/`shape` come from the container. */
export function decodeBackend(body: Uint8Array, dtype: TensorDtype, shape: number[]): Tensor {
  const arrays = readNpz(body);
  const pruned = member(arrays, 'tensor', dtype, shape).data as Float32Array | Float64Array;
  const mask = member(arrays, 'mask', 'bool', shape).data as Uint8Array;
  member(arrays, 'scales', dtype, shape);
  const data = dtype === 'float32' ? new Float32Array(pruned.length) : new Float64Array(pruned.length);
  // numpy's tensor * mask: a bool is 1 or 0, so a dropped NaN stays NaN and a dropped −x becomes −0.
  for (let i = 0; i < data.length; i++) data[i] = mask[i] !== 0 ? pruned[i]! : pruned[i]! * 0;
  return { dtype, shape: [...shape], data };
}
