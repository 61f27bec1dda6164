/**
 * Distortion of a lossy reconstruction. Semantics (also in results.ts):
 * - non-finite values (NaN, ±Inf) are compared by identity of class and sign and
 *   kept out of the error sums; `nonfinite_preserved` says whether the original's
 *   non-finite positions came back exactly and no new ones appeared;
 * - −0 and +0 are equal (the error is 0) — byte identity is the lossless check's job;
 * - the PSNR peak is max |x| over the original's finite values;
 * - sums run in float64 whatever the tensor's dtype.
 */
import type { Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import type { Distortion } from '../results.js';

/** A non-finite original survives when NaN comes back NaN and ±Inf the same infinity. */
export function sameNonFinite(x: number, y: number): boolean {
  return Number.isNaN(x) ? Number.isNaN(y) : x === y;
}

/** PSNR in dB of a mean squared error against a peak (−∞ at peak 0; +∞ at MSE 0). */
export const psnrDb = (peak: number, mse: number): number => 10 * Math.log10((peak * peak) / mse);

export function distortion(original: Tensor, decoded: Tensor, compressedBytes: number): Distortion {
  const n = original.data.length;
  if (decoded.data.length !== n || original.shape.join(',') !== decoded.shape.join(',')) {
    throw new EngineError(
      'E_SHAPE_MISMATCH',
      `reconstruction has shape [${decoded.shape}], the original [${original.shape}]`,
    );
  }
  let signal = 0;
  let noise = 0;
  let maxError = 0;
  let peak = 0;
  let finitePairs = 0;
  let preserved = true;
  for (let i = 0; i < n; i += 1) {
    const x = original.data[i]!;
    const y = decoded.data[i]!;
    const xFinite = Number.isFinite(x);
    if (xFinite !== Number.isFinite(y) || (!xFinite && !sameNonFinite(x, y))) preserved = false;
    if (!xFinite || !Number.isFinite(y)) continue;
    const e = x - y;
    signal += x * x;
    noise += e * e;
    finitePairs += 1;
    maxError = Math.max(maxError, Math.abs(e));
    peak = Math.max(peak, Math.abs(x));
  }
  const mse = finitePairs === 0 ? 0 : noise / finitePairs;
  return {
    max_abs_error: maxError,
    relative_l2_error: signal > 0 ? Math.sqrt(noise / signal) : noise === 0 ? 0 : null,
    snr_db: signal > 0 && noise > 0 ? 10 * Math.log10(signal / noise) : null,
    psnr_db: peak > 0 && mse > 0 ? psnrDb(peak, mse) : null,
    psnr_peak: peak,
    bits_per_value: n > 0 ? (8 * compressedBytes) / n : null,
    nonfinite_preserved: preserved,
  };
}

/** Byte identity of two tensors (dtype, shape and every bit, so NaN payloads and −0 count). */
export function identicalTensors(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.join(',') !== b.shape.join(',')) return false;
  return identicalBytes(
    new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength),
    new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength),
  );
}

export function identicalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
