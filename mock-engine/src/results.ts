/**
 * Shape of `results.json` (schemas/results.schema.json): what `run` writes,
 * what a bundle's `expected/results.json` holds, what `compare` reads and what
 * a submission's runs are built from.
 */
import type { ShardDescriptor } from './shard/select.js';

/** How steady a codec's counted runs were (mock-engine/src/metrics/stability.ts judges it). */
export interface CodecStability {
  metric: 'run_cpu_s';
  /** MAD / median of the codec's per-run CPU seconds, of the kept measurement. */
  relative_mad: number;
  threshold: number;
  /** The first measurement was over the threshold and the codec was measured again. */
  remeasured: boolean;
  /** Still over the threshold after the re-measure. */
  unstable: boolean;
}

export interface Summary {
  /** Every counted sample, in run order (warm-up runs are not kept). */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** Median absolute deviation from the median. */
  mad: number;
}

/**
 * Error figures of a lossy reconstruction y of x (metrics/distortion.ts).
 * Sums run over positions where both x and y are finite; −0 equals +0 there.
 * JSON has no Infinity, so a figure that is infinite or undefined is null, as stated per field.
 */
export interface Distortion {
  /** max |x − y|; 0 when no position is finite in both. */
  max_abs_error: number;
  /** ‖x − y‖₂ / ‖x‖₂; 0 when both are 0, null when ‖x‖₂ = 0 < ‖x − y‖₂. */
  relative_l2_error: number | null;
  /** 10·log10(Σx² / Σ(x − y)²); null when Σ(x − y)² = 0 (exact: +∞) or Σx² = 0 (undefined). */
  snr_db: number | null;
  /** 10·log10(peak² / MSE); null when MSE = 0 (exact) or peak = 0. */
  psnr_db: number | null;
  /** The peak PSNR used: max |x| over the finite values of the original tensor. */
  psnr_peak: number;
  /** 8 · compressed_bytes / element count; null for an empty tensor. */
  bits_per_value: number | null;
  /** True when NaN/±Inf sit at exactly the same positions, with the same sign for ±Inf, in x and y. */
  nonfinite_preserved: boolean;
}

export type RoundTrip = 'identical' | 'lossy' | 'failed';

export interface FileResult {
  /** Path relative to the bundle folder, e.g. `data/gradients/grad_000.npy`. */
  file: string;
  original_bytes: number;
  compressed_bytes: number;
  /** original_bytes / compressed_bytes. */
  ratio: number;
  /** SHA-256 of the encoded container: deterministic codecs give the same bytes everywhere. */
  compressed_sha256: string;
  encode_cpu_s: Summary;
  decode_cpu_s: Summary;
  /** CPU seconds of the reference workload paired with each encode / decode sample (same order and count). */
  encode_ref_cpu_s: Summary;
  decode_ref_cpu_s: Summary;
  /** encode median + decode median. */
  cpu_s: number;
  /**
   * CPU in reference units: smallest over encode pairs of sample / reference,
   * plus the same for decode (metrics/reference-units.ts). Comparable across machines and load.
   */
  cpu_ref_units: number;
  /** ratio / (cpu_s + 1). */
  caq: number;
  roundtrip: RoundTrip;
  /** Present for lossy codecs; null for lossless ones. */
  distortion: Distortion | null;
  /** Codec-specific figures worth publishing (e.g. the ALCM's predicted bits and drop ratio). */
  extra?: Record<string, number>;
  /** Why the round trip failed, when it did. */
  error?: string;
}

export interface CodecAggregate {
  original_bytes: number;
  compressed_bytes: number;
  /** Sum of originals over sum of compressed: the bundle's ratio. */
  ratio: number;
  /** Sum of the files' cpu_s. */
  cpu_s: number;
  /** Sum of the files' cpu_ref_units. */
  cpu_ref_units: number;
  /** ratio / (cpu_s + 1): the bundle's CAQ. */
  caq: number;
  /** Arithmetic mean of per-file ratios and CAQs, as the published tables used. */
  mean_file_ratio: number;
  mean_file_caq: number;
  /** Mean SNR / bits per value over files, for lossy codecs. */
  mean_snr_db?: number;
  mean_bits_per_value?: number;
}

export interface CodecResult {
  codec: string;
  codec_version: string;
  params: Record<string, number | string | boolean>;
  lossless: boolean;
  adaptive: boolean;
  files: FileResult[];
  aggregate: CodecAggregate;
  /** Whether the codec's counted runs held still (metrics/stability.ts); absent in results of engines before 0.2.0. */
  stability?: CodecStability;
}

export interface Environment {
  node: string;
  os: string;
  arch: string;
  cpu_model: string;
  cores: number;
}

/** The reference workload every counted call was paired with (metrics/reference.ts). */
export interface ReferenceTiming {
  /** What was timed, including the SHA-256 of its input: runs are comparable only when this is equal. */
  workload: string;
  /** Every paired reference sample of the run: codecs, files, encode then decode, in results order. */
  cpu_s: Summary;
}

export interface Results {
  schema: 'caqbench/results@1';
  bundle: { name: string; version: string; manifest_sha256: string };
  engine: { name: string; version: string };
  environment: Environment;
  protocol: { runs: number; warmup: number; cpu_clock: string; unstable_threshold?: number };
  reference: ReferenceTiming;
  codecs: CodecResult[];
  /** Present when the run was one shard (`run --shard i/n`); `protocol` is still the whole run's. */
  shard?: ShardDescriptor;
}
