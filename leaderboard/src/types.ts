import type { CaqErrorCode } from '../../harness/src/errors.js';
import type { SourceBound } from './source-bound.js';

/**
 * Shape of leaderboard.json (schemas/leaderboard.schema.json): what every output
 * format renders. It holds no timestamp, so the same reports give the same bytes.
 */
export interface DeltaVsBaseline {
  /** The engine codec measured as the reference in the same validation. */
  baseline: string;
  /** (re-run CAQ / baseline CAQ − 1) × 100, both measured side by side by the maintainer. */
  caq_pct: number;
  ratio_pct: number;
}

/** The submitter's own figures, recomputed from the submission's rows: shown beside the maintainer's, never ranked. */
export interface ClaimedFigures {
  ratio: number;
  cpu_s: number;
  caq: number;
}

/**
 * One ranked submission. Its ratio, CPU seconds, CAQ, variance, runs, stability and
 * distortion are the maintainer's re-run's; the submitter's claim is beside them.
 */
export interface Entry {
  rank: number;
  /** SHA-256 of the submission's canonical JSON: one entry per content. */
  content_sha256: string;
  report: string;
  codec: string;
  version: string;
  submitter: string;
  lossless: boolean;
  adaptive: boolean;
  ratio: number;
  cpu_s: number;
  caq: number;
  caq_variance: number;
  runs: number;
  /** The runs' CPU spread (MAD / median, recomputed by the validation) is above the timing protocol's threshold: flagged, not hidden. */
  unstable: boolean;
  delta_vs_baseline: DeltaVsBaseline | null;
  claimed: ClaimedFigures;
  /** The maintainer re-ran the codec outside the sandbox (`--no-sandbox`, the report's sandbox.sealed false): shown beside the entry. */
  unsealed: boolean;
  /** Lossy codecs only (else null). */
  snr_db: number | null;
  bits_per_value: number | null;
  /** On the Pareto front of its table: no other entry has a higher ratio at lower or equal CPU seconds. */
  pareto: boolean;
  /** Lossy codecs: on the front of SNR (higher) against bits per value (lower); null for lossless ones. */
  pareto_snr_bits: boolean | null;
  /** Newer versions of this codec on the same board, shown beside this one. */
  newer_versions: string[];
  signed_by: string;
}

/** One operating point of a lossy codec on the rate–distortion chart: an admitted entry's re-run figures. */
export interface RdCurvePoint {
  report: string;
  bits_per_value: number;
  snr_db: number;
  caq: number;
}

/** A lossy codec version's curve, ranked by BD-rate against the reference curve (null: no BD-rate, unranked). */
export interface RdCurve {
  rank: number | null;
  codec: string;
  version: string;
  /** Average difference in bits per value at equal SNR against the reference, in percent (negative: fewer bits). */
  bd_rate_pct: number | null;
  points: RdCurvePoint[];
}

export interface RateDistortion {
  reference: { codec: string; version: string; note: string };
  curves: RdCurve[];
  /** For a bundle whose data is drawn from a known source (synthetic_gradients): its R(D) bounds over the curves' SNR range. */
  source_bound: SourceBound | null;
}

export interface BundleBoard {
  name: string;
  version: string;
  manifest_sha256: string;
  /** Ranked by CAQ, highest first. */
  lossless: Entry[];
  /** Lossy codecs, ranked apart, by CAQ, with SNR and bits per value. */
  lossy: Entry[];
  /** The lossy codecs' curves ranked by BD-rate against the reference lossy baseline; null without lossy entries. */
  rate_distortion: RateDistortion | null;
}

/** not-rerun: a PASS that rests on the claim's consistency only (no maintainer re-run), so there are no measured figures to rank. */
export type RejectionKind = 'invalid' | 'unsigned' | 'signature' | 'failed' | 'not-rerun' | 'duplicate';

export interface Rejection {
  report: string;
  kind: RejectionKind;
  /**
   * The failure class: SIGNATURE_INVALID (unsigned, forged, tampered, untrusted key),
   * the report's own first failure (FAIL), LEADERBOARD_NOT_RERUN (a PASS without a re-run),
   * LEADERBOARD_INPUT (not a report, duplicate).
   */
  code: CaqErrorCode;
  reason: string;
}

export interface Leaderboard {
  schema: 'caqbench/leaderboard@1';
  tool_version: string;
  bundles: BundleBoard[];
  rejected: Rejection[];
}
