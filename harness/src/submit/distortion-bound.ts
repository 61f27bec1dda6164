import type { Tensor } from '../../../mock-engine/src/codec.js';
import { checkErrorBound } from '../../../mock-engine/src/metrics/check-error-bound.js';
import {
  describeViolation,
  type BoundViolation,
  type ErrorBound,
} from '../../../mock-engine/src/metrics/error-bound.js';

/**
 * The bounds a lossy reconstruction is held to: the one the codec's `info`
 * promises (`error_bound`) and the one the bundle demands of every lossy codec
 * (bundle.json's `distortion_bound`), each an ErrorBound (metrics/error-bound.ts).
 */
export interface BoundClaim {
  set_by: 'codec' | 'bundle';
  bound: ErrorBound;
}

export type RecordedViolation = BoundViolation & { set_by: BoundClaim['set_by'] };

const WHOSE: Record<BoundClaim['set_by'], string> = { codec: "the codec's declared", bundle: "the bundle's" };

/** The claims that apply: the codec's first, then the bundle's. */
export function boundClaims(codec: ErrorBound | null, bundle: ErrorBound | undefined): BoundClaim[] {
  return [
    ...(codec === null ? [] : [{ set_by: 'codec' as const, bound: codec }]),
    ...(bundle === undefined ? [] : [{ set_by: 'bundle' as const, bound: bundle }]),
  ];
}

/** The first claim the reconstruction breaks, with its worst element and a line naming both; null when all hold. */
export function brokenBound(
  original: Tensor,
  restored: Tensor,
  claims: BoundClaim[],
): { violation: RecordedViolation; detail: string } | null {
  for (const claim of claims) {
    const v = checkErrorBound(original, restored, claim.bound);
    if (v !== null)
      return { violation: { ...v, set_by: claim.set_by }, detail: describeViolation(v, WHOSE[claim.set_by]) };
  }
  return null;
}
