/**
 * Holds a reconstruction to an error bound on every element, never a sample:
 * one pass for the range (rel) or the PSNR's peak and MSE (psnr), one for the
 * worst element. Errors are computed in float64 whatever the dtype.
 */
import type { Tensor } from '../codec.js';
import { EngineError } from '../errors.js';
import { psnrDb, sameNonFinite } from './distortion.js';
import { jsonNumber, type BoundViolation, type ErrorBound } from './error-bound.js';

type Values = Float32Array | Float64Array;

function positionOf(index: number, shape: number[]): number[] {
  const out = new Array<number>(shape.length);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const n = shape[axis]!;
    out[axis] = n === 0 ? 0 : rest % n;
    rest = n === 0 ? 0 : Math.floor(rest / n);
  }
  return out;
}

function finiteRange(x: Values): { range: number; peak: number } {
  let min = Infinity;
  let max = -Infinity;
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > peak) peak = Math.abs(v);
  }
  return { range: max >= min ? max - min : 0, peak };
}

/** The first element where a non-finite value did not survive, or −1. */
function nonFiniteBreak(x: Values, y: Values): number {
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isFinite(a) ? !Number.isFinite(b) : !sameNonFinite(a, b)) return i;
  }
  return -1;
}

/** The bound's worst element if the reconstruction breaks the bound, else null. */
export function checkErrorBound(original: Tensor, restored: Tensor, bound: ErrorBound): BoundViolation | null {
  const x = original.data;
  const y = restored.data;
  if (y.length !== x.length || original.shape.join(',') !== restored.shape.join(',')) {
    throw new EngineError(
      'E_SHAPE_MISMATCH',
      `reconstruction has shape [${restored.shape}], the original [${original.shape}]`,
    );
  }
  const violation = (i: number, allowed: number | null, extra: Partial<BoundViolation> = {}): BoundViolation => ({
    mode: bound.mode,
    value: bound.value,
    index: i,
    position: positionOf(i, original.shape),
    original: jsonNumber(x[i]!),
    reconstruction: jsonNumber(y[i]!),
    error: jsonNumber(Math.abs(x[i]! - y[i]!)),
    allowed,
    ...extra,
  });
  const broken = nonFiniteBreak(x, y);
  if (broken >= 0) return violation(broken, null);

  const { range, peak } = finiteRange(x);
  // abs and rel allow one tolerance everywhere; pw_rel one per element, so the worst is the largest excess ratio.
  const flat = bound.mode === 'abs' ? bound.value : bound.mode === 'rel' ? bound.value * range : null;
  let worst = -1;
  let worstScore = -1;
  let noise = 0;
  let finite = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) continue;
    const e = Math.abs(x[i]! - y[i]!);
    noise += e * e;
    finite += 1;
    const score = bound.mode === 'pw_rel' ? (e === 0 ? 0 : e / (bound.value * Math.abs(x[i]!))) : e;
    if (score > worstScore) {
      worstScore = score;
      worst = i;
    }
  }
  if (worst < 0) return null;
  if (bound.mode === 'psnr') {
    const psnr = noise === 0 ? Infinity : psnrDb(peak, noise / finite);
    return psnr >= bound.value ? null : violation(worst, null, { psnr_db: psnr === -Infinity ? null : psnr });
  }
  if (bound.mode === 'pw_rel') return worstScore > 1 ? violation(worst, bound.value * Math.abs(x[worst]!)) : null;
  return worstScore > flat! ? violation(worst, flat) : null;
}
