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
  /** CPU seconds of one reference-workload call, timed beside the encode / decode call (timing/reference-workload.ts); absent when unpaired. */
  encode_ref_cpu_s?: number;
  decode_ref_cpu_s?: number;
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
  /** Σ over calls of call CPU / its paired reference seconds: the run's CPU in reference units (absent when a call is unpaired). */
  cpu_ref_units?: number;
  /** The same with each call's CPU floor-subtracted first. */
  cpu_ref_units_floor_subtracted?: number;
}

/**
 * CAQ normalised to the reference workload: each run's CPU in reference units put
 * back into seconds at one scale S, caq_norm = ratio / (cpu_ref_units × S + 1). The
 * gated figure: a busy or a slower machine moves call and reference alike.
 */
export interface NormalisedFigures {
  /** S: the median paired reference seconds of the submission whose scale this is. */
  reference_s: number;
  /** Median over runs of the runs' CPU in reference units. */
  cpu_ref_units: number;
  /** Median over runs of caq_norm. */
  caq: number;
  /** (max − min) / mean of the runs' caq_norm (over the files counted in every run). */
  caq_variance: number;
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
  /** The reference workload timed beside every counted call: what it is and every paired sample. */
  reference?: ReferenceTiming;
  runs: SubmissionRun[];
  claimed: {
    ratio: number;
    cpu_s: number;
    caq: number;
    /** (max − min) / mean of the runs' CAQ (over the files counted in every run). */
    caq_variance: number;
    /** The same figures normalised to the reference workload (the gated ones); absent when the calls were not paired. */
    normalised?: NormalisedFigures;
    /** Mean over files, for lossy codecs. */
    mean_snr_db?: number;
    mean_bits_per_value?: number;
  };
  /** A command line that reproduces this submission. */
  reproduce: string;
}
