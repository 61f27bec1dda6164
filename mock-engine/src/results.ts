/**
 * Shape of `results.json` (schemas/results.schema.json): what `run` writes,
 * what a bundle's `expected/results.json` holds, what `compare` reads and what
 * a submission's runs are built from.
 */
export interface Summary {
  /** Every counted sample, in run order (warm-up runs are not kept). */
  samples: number[];
  median: number;
  min: number;
  max: number;
  /** Median absolute deviation from the median. */
  mad: number;
}

export interface Distortion {
  max_abs_error: number;
  relative_l2_error: number;
  snr_db: number;
  psnr_db: number;
  /** The peak PSNR used: max |x| of the original tensor. */
  psnr_peak: number;
  bits_per_value: number;
  /** Count of NaN/±Inf in the original that were (or were not) reproduced exactly. */
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
  /** encode median + decode median. */
  cpu_s: number;
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
}

export interface Environment {
  node: string;
  os: string;
  arch: string;
  cpu_model: string;
  cores: number;
}

export interface Results {
  schema: 'caqbench/results@1';
  bundle: { name: string; version: string; manifest_sha256: string };
  engine: { name: string; version: string };
  environment: Environment;
  protocol: { runs: number; warmup: number; cpu_clock: string };
  codecs: CodecResult[];
}
