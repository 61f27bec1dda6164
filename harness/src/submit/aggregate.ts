import { caq, spread } from '../../../mock-engine/src/metrics/caq.js';
import { inReferenceUnits } from '../../../mock-engine/src/metrics/reference-units.js';
import { mean, median } from '../../../mock-engine/src/metrics/summary.js';
import type { NormalisedFigures, RunAggregate, Submission, SubmissionFileRun, SubmissionRun } from './types.js';

/**
 * How a submission's figures are derived from its raw rows: the one definition that
 * `submit` claims by and `validate` recomputes by (validate/recompute.ts).
 * - per run, over the rows without a failure: ratio = Σ original / Σ compressed,
 *   cpu_s = Σ (encode + decode) raw CPU, caq = caq(ratio, cpu_s); floor-subtracted:
 *   each call's CPU minus the floor's median for its stage, clamped at 0; in reference
 *   units: Σ over calls of call CPU / the reference seconds paired with it;
 * - over runs: the median of ratio, cpu_s and caq (floor-subtracted ones when the
 *   protocol says so), and caq_norm = caq(ratio, cpu_ref_units × S) with S the median of
 *   every paired reference sample; "CAQ variance" = spread (max − min) / mean of the
 *   runs' CAQ over the files counted in every run, so that a file failing in one run
 *   (judged by the round-trip check) does not pass for noise.
 */
export interface FloorMedians {
  encode: number;
  decode: number;
}

export function floorMedians(floor: Submission['startup_floor']): FloorMedians {
  return { encode: floor.encode_cpu_s.median, decode: floor.decode_cpu_s.median };
}

/** Rows that produced output and a timing on both sides; failure rows are judged by the round-trip check. */
export function countedRows(files: readonly SubmissionFileRun[]): SubmissionFileRun[] {
  return files.filter(
    (f) => f.failure === null && f.compressed_bytes !== null && f.encode !== null && f.decode !== null,
  );
}

const paired = (f: SubmissionFileRun): boolean => f.encode_ref_cpu_s !== undefined && f.decode_ref_cpu_s !== undefined;

export function runAggregate(files: readonly SubmissionFileRun[], floor: FloorMedians): RunAggregate {
  const ok = countedRows(files);
  const sum = (of: (f: SubmissionFileRun) => number): number => ok.reduce((s, f) => s + of(f), 0);
  const overFloor = (cpu: number, stage: number): number => Math.max(0, cpu - stage);
  const original = sum((f) => f.original_bytes);
  const compressed = sum((f) => f.compressed_bytes!);
  const cpu = sum((f) => f.encode!.cpu_s + f.decode!.cpu_s);
  const cpuFloor = sum((f) => overFloor(f.encode!.cpu_s, floor.encode) + overFloor(f.decode!.cpu_s, floor.decode));
  const ratio = compressed > 0 ? original / compressed : 0;
  const aggregate: RunAggregate = {
    original_bytes: original,
    compressed_bytes: compressed,
    ratio,
    cpu_s: cpu,
    caq: caq(ratio, cpu),
    cpu_s_floor_subtracted: cpuFloor,
    caq_floor_subtracted: caq(ratio, cpuFloor),
    failed_files: files.length - ok.length,
  };
  if (ok.every(paired)) {
    const units = (f: SubmissionFileRun, encode: number, decode: number): number =>
      inReferenceUnits(encode, f.encode_ref_cpu_s!) + inReferenceUnits(decode, f.decode_ref_cpu_s!);
    aggregate.cpu_ref_units = sum((f) => units(f, f.encode!.cpu_s, f.decode!.cpu_s));
    aggregate.cpu_ref_units_floor_subtracted = sum((f) =>
      units(f, overFloor(f.encode!.cpu_s, floor.encode), overFloor(f.decode!.cpu_s, floor.decode)),
    );
  }
  return aggregate;
}

/** Every reference sample paired with a call of these runs, rows in run order, encode then decode. */
export function pairedReferences(runs: readonly SubmissionRun[]): number[] {
  return runs.flatMap((r) =>
    r.files.flatMap((f) => [f.encode_ref_cpu_s, f.decode_ref_cpu_s].filter((s): s is number => s !== undefined)),
  );
}

/** S, the scale of a submission's own normalised figures: its median paired reference; null when nothing was paired. */
export function referenceScale(runs: readonly SubmissionRun[]): number | null {
  const samples = pairedReferences(runs);
  return samples.length === 0 ? null : median(samples);
}

/** A run's figures as its claim counts them (raw, or floor-subtracted when the protocol says so). */
function variant(
  a: RunAggregate,
  floorSubtracted: boolean,
): { cpu_s: number; caq: number; cpu_ref_units: number | undefined } {
  return floorSubtracted
    ? {
        cpu_s: a.cpu_s_floor_subtracted!,
        caq: a.caq_floor_subtracted!,
        cpu_ref_units: a.cpu_ref_units_floor_subtracted,
      }
    : { cpu_s: a.cpu_s, caq: a.caq, cpu_ref_units: a.cpu_ref_units };
}

/** The runs restricted to the files counted in every one of them. */
function comparableRuns(runs: readonly SubmissionRun[]): SubmissionRun[] {
  if (runs.length === 0) return [];
  const everywhere = runs
    .map((run) => new Set(countedRows(run.files).map((row) => row.file)))
    .reduce((common, files) => new Set(Array.from(common).filter((file) => files.has(file))));
  return runs.map((run) => ({ ...run, files: run.files.filter((row) => everywhere.has(row.file)) }));
}

export interface FigureOptions {
  floor: FloorMedians;
  floorSubtracted: boolean;
  /** S for the normalised figures: a submission's own (referenceScale), or the claim's when judging a re-run; null: not normalised. */
  scale: number | null;
}

export interface SubmissionFigures {
  ratio: number;
  cpu_s: number;
  caq: number;
  caq_variance: number;
  /** Null when a counted call was not paired with the reference, or there is no scale. */
  normalised: NormalisedFigures | null;
}

/** The runs' CAQs and, when every counted call was paired, their normalised CAQs at the scale. */
function runCaqs(
  runs: readonly SubmissionRun[],
  opts: FigureOptions,
): { caq: number[]; units: number[]; norm: number[] | null } {
  const figures = runs.map((run) => {
    const a = runAggregate(run.files, opts.floor);
    return { ratio: a.ratio, ...variant(a, opts.floorSubtracted) };
  });
  const units = figures.flatMap((f) => (f.cpu_ref_units === undefined ? [] : [f.cpu_ref_units]));
  const scale = opts.scale;
  const normalised = scale !== null && scale > 0 && units.length === figures.length;
  return {
    caq: figures.map((f) => f.caq),
    units,
    norm: normalised ? figures.map((f) => caq(f.ratio, f.cpu_ref_units! * scale)) : null,
  };
}

export function submissionFigures(runs: readonly SubmissionRun[], opts: FigureOptions): SubmissionFigures {
  const aggregates = runs.map((run) => runAggregate(run.files, opts.floor));
  const all = runCaqs(runs, opts);
  const comparable = runCaqs(comparableRuns(runs), opts);
  const normalised =
    all.norm === null || comparable.norm === null
      ? null
      : {
          reference_s: opts.scale!,
          cpu_ref_units: median(all.units),
          caq: median(all.norm),
          caq_variance: spread(comparable.norm),
        };
  return {
    ratio: median(aggregates.map((a) => a.ratio)),
    cpu_s: median(aggregates.map((a) => variant(a, opts.floorSubtracted).cpu_s)),
    caq: median(all.caq),
    caq_variance: spread(comparable.caq),
    normalised,
  };
}

/** Lossy codecs: mean SNR and bits per value over every row that declares its distortion; null when none does. */
export function lossyMeans(runs: readonly SubmissionRun[]): { snr_db: number | null; bits_per_value: number | null } {
  const distortions = runs.flatMap((r) => r.files).flatMap((f) => (f.distortion === null ? [] : [f.distortion]));
  const snr = distortions.flatMap((d) => (d.snr_db === null ? [] : [d.snr_db]));
  const bits = distortions.flatMap((d) => (d.bits_per_value === null ? [] : [d.bits_per_value]));
  return { snr_db: snr.length === 0 ? null : mean(snr), bits_per_value: bits.length === 0 ? null : mean(bits) };
}

/** The claim a submission makes: its own figures at its own scale. */
export function claimedFigures(
  runs: readonly SubmissionRun[],
  floor: FloorMedians,
  floorSubtracted: boolean,
): Submission['claimed'] {
  const figures = submissionFigures(runs, { floor, floorSubtracted, scale: referenceScale(runs) });
  const { normalised, ...raw } = figures;
  const claimed: Submission['claimed'] = { ...raw, ...(normalised === null ? {} : { normalised }) };
  const lossy = lossyMeans(runs);
  if (lossy.snr_db !== null) claimed.mean_snr_db = lossy.snr_db;
  if (lossy.bits_per_value !== null) claimed.mean_bits_per_value = lossy.bits_per_value;
  return claimed;
}
