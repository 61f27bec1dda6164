import type { Distortion, Environment, Summary } from '../../../mock-engine/src/results.js';
import type { SandboxRecord } from '../sandbox/types.js';
import type { Stability } from '../timing/protocol.js';
import type { RecordedViolation } from './distortion-bound.js';
import type { ReferenceTiming } from '../timing/reference-workload.js';

/**
 * Shape of a submission (schemas/submission.schema.json): the raw figures of
 * every call, so that validation recomputes every claim from them.
 */
export type FailureReason =
  | 'crash' // killed by a signal
  | 'nonzero-exit'
  | 'timeout'
  | 'missing-output'
  | 'oversized-output'
  | 'memory-limit' // the address-space limit (--max-memory) refused an allocation
  | 'process-limit' // the process limit (--max-procs) refused a fork or a thread
  | 'roundtrip-mismatch'
  | 'nondeterministic' // a codec claiming determinism produced different bytes across runs
  | 'distortion-bound'; // lossy output beyond the codec's declared error bound or the bundle's

export interface CallFailure {
  reason: FailureReason;
  stage: 'compress' | 'decompress' | 'verify';
  exit_code: number | null;
  signal: string | null;
  /** Last lines of the codec's stderr/stdout, size-capped. */
  log_tail: string;
  /** What exactly went wrong, e.g. "restored 900 of 1000 bytes" or "first difference at byte 17". */
  detail?: string;
  /** For 'distortion-bound': the bound broken, who set it, and its worst element. */
  bound_violation?: RecordedViolation;
}

export interface CallTiming {
  /** user + sys of the child from the kernel's rusage (wait4). */
  cpu_s: number;
  user_s: number;
  sys_s: number;
  wall_s: number;
  peak_rss_kb: number;
}

export interface SubmissionFileRun {
  file: string;
  original_bytes: number;
  /** null when the call failed before producing output. */
  compressed_bytes: number | null;
  compressed_sha256: string | null;
  encode: CallTiming | null;
  decode: CallTiming | null;
  roundtrip: 'identical' | 'lossy' | 'failed';
  distortion: Distortion | null;
  failure: CallFailure | null;
}

export interface RunAggregate {
  original_bytes: number;
  compressed_bytes: number;
  ratio: number;
  /** Σ (encode + decode) CPU seconds of the run, raw (floor not subtracted). */
  cpu_s: number;
  caq: number;
  /** Σ over calls of max(0, call CPU − the floor's median for that stage). */
  cpu_s_floor_subtracted?: number;
  /** ratio / (cpu_s_floor_subtracted + 1). */
  caq_floor_subtracted?: number;
  /** Rows of the run that have a failure (their sizes and times are left out of the sums above). */
  failed_files?: number;
}

export interface SubmissionRun {
  run: number;
  files: SubmissionFileRun[];
  aggregate: RunAggregate;
}

export interface Submission {
  schema: 'caqbench/submission@1';
  submitter: string;
  created: string;
  codec: {
    name: string;
    version: string;
    lossless: boolean;
    adaptive: boolean;
    deterministic: boolean;
    /** argv of the codec command (never a shell string). */
    command: string[];
    info: Record<string, unknown>;
    /** Set for the engine's built-in codecs (`--engine-codec`): the codec id and its `--param`s. */
    engine_codec?: { id: string; params: Record<string, string> };
  };
  bundle: { name: string; version: string; manifest_sha256: string };
  environment: Environment;
  protocol: {
    runs: number;
    warmup: number;
    timeout_s: number;
    cpu_clock: string;
    /** Whether claimed CPU seconds have the start-up floor subtracted (it is always reported beside). */
    cpu_floor_subtracted: boolean;
    /** Smallest CPU step the clock reports (1e-6 for wait4, 1e-3 for bash time). */
    cpu_clock_resolution_s?: number;
    /** Per-call output cap in bytes; null when the default (2 × input + 1 MiB) applied. */
    max_output_bytes?: number | null;
  };
  /** How the codec's calls ran: sealed (bwrap) or not and why, what else it could read, its limits. */
  sandbox?: SandboxRecord;
  /** The do-nothing `store` codec through the same path, same session: the per-call floor. */
  startup_floor: {
    encode_cpu_s: Summary;
    decode_cpu_s: Summary;
    /** The floor codec's argv and the data file it copied. */
    command?: string[];
    file?: string;
  };
  /** Spread of the runs' raw CPU seconds: re-measured once after a pause when over the threshold, then flagged. */
  stability?: Stability;
  /** The session's fixed reference workload, for cross-machine comparison. */
  reference?: ReferenceTiming;
  runs: SubmissionRun[];
  claimed: {
    ratio: number;
    cpu_s: number;
    caq: number;
    /** (max − min) / mean of the runs' CAQ. */
    caq_variance: number;
    /** claimed cpu_s / the reference workload's median CPU seconds (machine-independent-ish units). */
    cpu_s_normalised?: number;
    /** Mean over files, for lossy codecs. */
    mean_snr_db?: number;
    mean_bits_per_value?: number;
  };
  /** A command line that reproduces this submission. */
  reproduce: string;
}
