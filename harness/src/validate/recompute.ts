import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import type { Submission, SubmissionFileRun, SubmissionRun } from '../submit/types.js';
import { relativeMad, TIMING_DEFAULTS } from '../timing/protocol.js';
import type { MeasuredFigures, MeasuredStability } from './report-types.js';

/**
 * A run's aggregate as validation recomputes it from the rows (the claim is never
 * read), by the rules of harness/src/submit/aggregate.ts: over rows without a failure,
 * ratio = Σ original / Σ compressed, cpu_s = Σ (encode + decode) raw CPU, and the
 * floor-subtracted variant with each call's CPU minus the start-up floor's median, clamped at 0.
 */
export interface RunFigures {
  run: number;
  original_bytes: number;
  compressed_bytes: number;
  ratio: number;
  cpu_s: number;
  caq: number;
  cpu_s_floor_subtracted: number;
  caq_floor_subtracted: number;
}

/** Rows that produced output and a timing on both sides; failure rows are judged by the round-trip check. */
export function countedRows(run: SubmissionRun): SubmissionFileRun[] {
  return run.files.filter((row) => row.failure === null && row.compressed_bytes !== null && row.encode !== null && row.decode !== null);
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** (max − min) / mean: the spread the 1.5% gate is on. */
export function spread(values: number[]): number {
  if (values.length === 0) return NaN;
  const m = mean(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}

export function runFigures(submission: Submission, run: SubmissionRun): RunFigures {
  const rows = countedRows(run);
  const floor = { encode: submission.startup_floor.encode_cpu_s.median, decode: submission.startup_floor.decode_cpu_s.median };
  let original = 0;
  let compressed = 0;
  let cpu = 0;
  let cpuFloor = 0;
  for (const row of rows) {
    const encode = row.encode?.cpu_s ?? 0;
    const decode = row.decode?.cpu_s ?? 0;
    original += row.original_bytes;
    compressed += row.compressed_bytes ?? 0;
    cpu += encode + decode;
    cpuFloor += Math.max(0, encode - floor.encode) + Math.max(0, decode - floor.decode);
  }
  const ratio = compressed === 0 ? 0 : original / compressed;
  return {
    run: run.run,
    original_bytes: original,
    compressed_bytes: compressed,
    ratio,
    cpu_s: cpu,
    caq: ratio / (cpu + 1),
    cpu_s_floor_subtracted: cpuFloor,
    caq_floor_subtracted: ratio / (cpuFloor + 1),
  };
}

/** CPU seconds and CAQ of a run as the submission's claim counts them (raw, or floor-subtracted when its protocol says so). */
export function claimedVariant(submission: Submission, figures: RunFigures): { cpu_s: number; caq: number } {
  return submission.protocol.cpu_floor_subtracted
    ? { cpu_s: figures.cpu_s_floor_subtracted, caq: figures.caq_floor_subtracted }
    : { cpu_s: figures.cpu_s, caq: figures.caq };
}

/**
 * The run CAQs the variance gate judges: over the files counted in every run, so that a
 * file failing in one run (judged by the round-trip check) does not pass for noise.
 * Without failure rows these are the runs' aggregate CAQs.
 */
export function runCaqs(submission: Submission): number[] {
  if (submission.runs.length === 0) return [];
  const everywhere = submission.runs
    .map((run) => new Set(countedRows(run).map((row) => row.file)))
    .reduce((common, files) => new Set(Array.from(common).filter((file) => files.has(file))));
  return submission.runs.map((run) => {
    const comparable = { ...run, files: run.files.filter((row) => everywhere.has(row.file)) };
    return claimedVariant(submission, runFigures(submission, comparable)).caq;
  });
}

/** Lossy codecs: mean SNR and bits per value over every row that declares its distortion. */
function lossyFigures(submission: Submission): Pick<MeasuredFigures, 'mean_snr_db' | 'mean_bits_per_value'> {
  if (submission.codec.lossless) return { mean_snr_db: null, mean_bits_per_value: null };
  const distortions = submission.runs.flatMap((run) => run.files).flatMap((row) => (row.distortion === null ? [] : [row.distortion]));
  const snr = distortions.flatMap((d) => (d.snr_db === null ? [] : [d.snr_db]));
  const bits = distortions.flatMap((d) => (d.bits_per_value === null ? [] : [d.bits_per_value]));
  return { mean_snr_db: snr.length === 0 ? null : mean(snr), mean_bits_per_value: bits.length === 0 ? null : mean(bits) };
}

/**
 * The spread the timing protocol judges (metric run_cpu_s: MAD / median of the runs' raw
 * CPU seconds), recomputed from the rows rather than taken from the submission's claim;
 * only the threshold and whether a re-measure happened come from the submission.
 */
export function measureStability(submission: Submission): MeasuredStability {
  const samples = submission.runs.map((run) => runFigures(submission, run).cpu_s);
  const relative_mad = samples.length === 0 ? 0 : relativeMad(summarize(samples));
  const threshold = submission.stability?.threshold ?? TIMING_DEFAULTS.unstableThreshold;
  return { relative_mad, threshold, remeasured: submission.stability?.remeasured ?? false, unstable: relative_mad > threshold };
}

/** The submission's figures: medians over runs of the recomputed ratio, CPU seconds and CAQ, and the CAQ spread. */
export function measure(submission: Submission): MeasuredFigures {
  const runs = submission.runs.map((run) => {
    const figures = runFigures(submission, run);
    return { ratio: figures.ratio, ...claimedVariant(submission, figures) };
  });
  return {
    runs: runs.length,
    ratio: median(runs.map((r) => r.ratio)),
    cpu_s: median(runs.map((r) => r.cpu_s)),
    caq: median(runs.map((r) => r.caq)),
    caq_variance: spread(runCaqs(submission)),
    ...lossyFigures(submission),
    stability: measureStability(submission),
  };
}
