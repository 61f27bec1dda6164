import type { Distortion } from '../../../mock-engine/src/results.js';

/**
 * A bundle's declared limit on lossy error (`distortion_bound` in bundle.json,
 * when the bundle declares one). A null SNR is an exact reconstruction (+∞ dB)
 * unless the original is all zeros, when any error is infinite.
 */
export interface DistortionBound {
  min_snr_db?: number;
  max_abs_error?: number;
  max_relative_l2_error?: number;
}

/** Why `d` breaks `bound`, or null when it is within it. */
export function checkDistortionBound(d: Distortion, bound: DistortionBound): string | null {
  // relative_l2_error is null only when the original is all zeros and the reconstruction is not: infinite error.
  const infinite = d.relative_l2_error === null;
  const over: string[] = [];
  if (bound.min_snr_db !== undefined && (infinite || (d.snr_db !== null && d.snr_db < bound.min_snr_db))) {
    over.push(`SNR ${d.snr_db === null ? '-inf' : d.snr_db.toFixed(2)} dB < ${bound.min_snr_db} dB`);
  }
  if (bound.max_abs_error !== undefined && d.max_abs_error > bound.max_abs_error) {
    over.push(`max abs error ${d.max_abs_error} > ${bound.max_abs_error}`);
  }
  if (bound.max_relative_l2_error !== undefined && (infinite || d.relative_l2_error! > bound.max_relative_l2_error)) {
    over.push(`relative L2 error ${String(d.relative_l2_error ?? 'inf')} > ${bound.max_relative_l2_error}`);
  }
  if (!d.nonfinite_preserved) over.push('NaN/Inf positions not preserved');
  return over.length === 0 ? null : `beyond the bundle's distortion bound: ${over.join('; ')}`;
}
