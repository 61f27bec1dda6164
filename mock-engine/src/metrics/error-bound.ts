/**
 * An error bound a lossy codec promises (its `info`) or a bundle demands (its
 * manifest's `distortion_bound`), in one of four modes, over every finite
 * element x of the original and its reconstruction x̂:
 * - `abs`:    |x − x̂| ≤ value
 * - `rel`:    |x − x̂| ≤ value · (max − min), the range of the original's finite values
 * - `pw_rel`: |x − x̂| ≤ value · |x| (point-wise relative: zeros must come back exactly)
 * - `psnr`:   10·log10(peak² / MSE) ≥ value dB, peak = max |x| (the PSNR of metrics/distortion.ts)
 * In every mode NaN must come back as NaN and ±Inf as the same infinity, and a
 * finite value must not come back non-finite. The check is in check-error-bound.ts.
 */
export const ERROR_BOUND_MODES = ['abs', 'rel', 'pw_rel', 'psnr'] as const;
export type ErrorBoundMode = (typeof ERROR_BOUND_MODES)[number];

export interface ErrorBound {
  mode: ErrorBoundMode;
  value: number;
}

/** Why `doc` is not an error bound, or null when it is one. */
export function errorBoundProblem(doc: unknown): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'must be an object {"mode": …, "value": …}';
  const { mode, value, ...rest } = doc as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return `has unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`;
  if (typeof mode !== 'string' || !(ERROR_BOUND_MODES as readonly string[]).includes(mode)) {
    return `mode must be one of ${ERROR_BOUND_MODES.join(', ')}, got ${JSON.stringify(mode)}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `value must be a finite number, got ${JSON.stringify(value)}`;
  if (mode !== 'psnr' && value < 0) return `value of a ${mode} bound must be ≥ 0, got ${value}`;
  return null;
}

/** The worst element against a bound it breaks (non-finite values as the strings NaN, Infinity, -Infinity). */
export interface BoundViolation {
  mode: ErrorBoundMode;
  value: number;
  /** Flat C-order index of the worst element, and the same as an index per axis. */
  index: number;
  position: number[];
  original: number | string;
  reconstruction: number | string;
  /** |x − x̂| at that element. */
  error: number | string;
  /** The error the bound allows there (abs: value, rel: value·range, pw_rel: value·|x|); null for psnr. */
  allowed: number | null;
  /** The PSNR reached (psnr mode only; null = −∞, when the original is all zeros). */
  psnr_db?: number | null;
}

export const jsonNumber = (x: number): number | string => (Number.isFinite(x) ? x : String(x));

function what(b: ErrorBound): string {
  return b.mode === 'psnr' ? `PSNR ≥ ${b.value} dB` : `${b.mode} error bound ${b.value}`;
}

/** One line naming the bound, the element and how far it is off; `whose` says who set the bound. */
export function describeViolation(v: BoundViolation, whose: string): string {
  const at = `element ${v.index} [${v.position.join(', ')}]: original ${v.original}, reconstruction ${v.reconstruction}, error ${v.error}`;
  if (typeof v.error === 'string' || typeof v.original === 'string' || typeof v.reconstruction === 'string') {
    return `${whose} ${what(v)} broken: a NaN or ±Inf did not come back exactly at ${at}`;
  }
  if (v.mode === 'psnr') {
    const reached = v.psnr_db === null || v.psnr_db === undefined ? '-inf' : v.psnr_db.toFixed(4);
    return `${whose} ${what(v)} broken: PSNR ${reached} dB; worst ${at}`;
  }
  return `${whose} ${what(v)} broken at ${at} > ${v.allowed} allowed`;
}
