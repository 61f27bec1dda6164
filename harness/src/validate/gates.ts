import { TOLERANCE } from '../../../mock-engine/src/metrics/caq.js';

/** The gates of issue 4: claims within ±1.5%, CAQ spread within 1.5%, at least 3 runs. */
export const GATES = { tolerance: TOLERANCE, variance: TOLERANCE, min_runs: 3 } as const;

/** |claimed − recomputed| / |recomputed|; infinite when only one side is zero. */
export function relativeDifference(claimed: number, recomputed: number): number {
  if (claimed === recomputed) return 0;
  return recomputed === 0 ? Infinity : Math.abs(claimed - recomputed) / Math.abs(recomputed);
}

export function formatPercent(fraction: number): string {
  if (Number.isNaN(fraction)) return 'n/a';
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)}%` : '∞%';
}
