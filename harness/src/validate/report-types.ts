import type { SpreadJudgement } from '../../../mock-engine/src/metrics/stability-rule.js';
import type { Environment } from '../../../mock-engine/src/results.js';
import type { NormalisedFigures } from '../submit/types.js';
import type { CaqErrorCode } from '../errors.js';
import type { SandboxRecord } from '../sandbox/types.js';

/**
 * Shape of a validation report (schemas/report.schema.json). The leaderboard reads
 * nothing but signed reports, so a report carries every figure it ranks by.
 */
export type CheckId = 'schema' | 'bundle' | 'coverage' | 'recompute' | 'runs' | 'variance' | 'roundtrip' | 'rerun';

/** SKIP: the check could not run (its input failed an earlier check) or was not asked for (rerun). */
export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP';

export type Figure = number | string | boolean | null;

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** The failure class when status is FAIL, else null. */
  code: CaqErrorCode | null;
  figures: Record<string, Figure>;
  message: string;
  /** Every finding, one line each: nothing is cut off after the first. */
  findings: string[];
}

/**
 * Spread of the runs' raw CPU seconds (metric run_cpu_s, as the timing protocol judges it),
 * recomputed from the rows; the threshold is the submission's own, else the protocol's
 * default, and `remeasured` is as the submission says. Unstable runs are flagged, not failed.
 */
export type MeasuredStability = SpreadJudgement;

/** Figures of one codec over a set of runs, recomputed from raw sizes and CPU times. */
export interface MeasuredFigures {
  runs: number;
  ratio: number;
  cpu_s: number;
  caq: number;
  /** (max − min) / mean of the runs' CAQ. */
  caq_variance: number;
  /**
   * The same normalised to the reference workload, the figures the variance and re-run gates
   * judge; null when the calls were not paired with it; absent from reports signed before it.
   */
  normalised?: NormalisedFigures | null;
  /** Lossy codecs only (else null): mean over files of SNR (dB) and bits per value. */
  mean_snr_db: number | null;
  mean_bits_per_value: number | null;
  /** Always written; absent only from reports signed before it was added. */
  stability?: MeasuredStability;
}

/** A codec measured by the maintainer during this validation (the re-run, or the bundle's baseline). */
export interface MaintainerRun extends MeasuredFigures {
  codec: string;
  environment: Environment;
}

export interface SubmissionSummary {
  submitter: string;
  created: string;
  codec: {
    name: string;
    version: string;
    lossless: boolean;
    adaptive: boolean;
    deterministic: boolean;
    command: string[];
  };
  bundle: { name: string; version: string; manifest_sha256: string };
  environment: Environment;
}

/**
 * What a verdict rests on. `re-run`: the maintainer ran the codec again and judged the claim on
 * those runs. `consistency-only`: no re-run, so a PASS means only that the claim is internally
 * consistent (its figures add up, its rows round-trip as they say); the leaderboard does not rank it.
 */
export type Verification = 're-run' | 'consistency-only';

export interface Report {
  schema: 'caqbench/report@1';
  tool_version: string;
  status: 'PASS' | 'FAIL';
  /** Always written; absent only from reports signed before it was added (read them by their rerun check). */
  verification?: Verification;
  /** The process exit status: 0 on PASS, else the lowest status among the failed checks. */
  exit_status: number;
  /** Failure classes of the failed checks, lowest exit status first. */
  failures: CaqErrorCode[];
  gates: { tolerance: number; variance: number; min_runs: number };
  submission: {
    /** The submission's file name (not its path: reports must not depend on where files lay). */
    file: string;
    /** SHA-256 of the submission's RFC 8785 canonical JSON; null when it is not JSON at all. */
    content_sha256: string | null;
    /** null when the submission fails its schema. */
    summary: SubmissionSummary | null;
  };
  /** Recomputed from the submission's raw figures; null when the schema failed. */
  figures: MeasuredFigures | null;
  rerun: MaintainerRun | null;
  /** How the re-run ran the submitted codec (sealed or not); absent or null without a re-run. */
  sandbox?: SandboxRecord | null;
  baseline: MaintainerRun | null;
  checks: CheckResult[];
}
