import { mean, median } from '../../../mock-engine/src/metrics/summary.js';
import type { RunAggregate, Submission, SubmissionFileRun, SubmissionRun } from './types.js';

/**
 * How a submission's figures are derived from its raw rows, in one place so the
 * validator can recompute them the same way:
 * - per run, over the rows without a failure: ratio = Σ original / Σ compressed,
 *   cpu_s = Σ (encode + decode) raw CPU, caq = ratio / (cpu_s + 1);
 *   floor-subtracted: each call's CPU minus the floor's median for its stage, clamped at 0;
 * - claimed = the median over runs of ratio, cpu_s and caq (floor-subtracted ones when the
 *   protocol says so); caq_variance = (max − min) / mean of the runs' CAQ.
 */
export interface FloorMedians {
  encode: number;
  decode: number;
}

export function runAggregate(files: SubmissionFileRun[], floor: FloorMedians): RunAggregate {
  const ok = files.filter((f) => f.failure === null && f.compressed_bytes !== null && f.encode !== null && f.decode !== null);
  const original = ok.reduce((s, f) => s + f.original_bytes, 0);
  const compressed = ok.reduce((s, f) => s + f.compressed_bytes!, 0);
  const cpu = ok.reduce((s, f) => s + f.encode!.cpu_s + f.decode!.cpu_s, 0);
  const cpuFloor = ok.reduce((s, f) => s + Math.max(0, f.encode!.cpu_s - floor.encode) + Math.max(0, f.decode!.cpu_s - floor.decode), 0);
  const ratio = compressed > 0 ? original / compressed : 0;
  return {
    original_bytes: original,
    compressed_bytes: compressed,
    ratio,
    cpu_s: cpu,
    caq: ratio / (cpu + 1),
    cpu_s_floor_subtracted: cpuFloor,
    caq_floor_subtracted: ratio / (cpuFloor + 1),
    failed_files: files.length - ok.length,
  };
}

export function claimedFigures(runs: SubmissionRun[], floorSubtracted: boolean, referenceCpu_s: number | null): Submission['claimed'] {
  const pick = (a: RunAggregate) =>
    floorSubtracted ? { cpu: a.cpu_s_floor_subtracted!, caq: a.caq_floor_subtracted! } : { cpu: a.cpu_s, caq: a.caq };
  const caqs = runs.map((r) => pick(r.aggregate).caq);
  const cpu_s = median(runs.map((r) => pick(r.aggregate).cpu));
  const meanCaq = mean(caqs);
  const claimed: Submission['claimed'] = {
    ratio: median(runs.map((r) => r.aggregate.ratio)),
    cpu_s,
    caq: median(caqs),
    caq_variance: meanCaq > 0 ? (Math.max(...caqs) - Math.min(...caqs)) / meanCaq : 0,
  };
  if (referenceCpu_s !== null && referenceCpu_s > 0) claimed.cpu_s_normalised = cpu_s / referenceCpu_s;
  const lossy = runs.flatMap((r) => r.files).filter((f) => f.distortion !== null);
  const snrs = lossy.map((f) => f.distortion!.snr_db).filter((v): v is number => v !== null);
  const bits = lossy.map((f) => f.distortion!.bits_per_value).filter((v): v is number => v !== null);
  if (snrs.length > 0) claimed.mean_snr_db = mean(snrs);
  if (bits.length > 0) claimed.mean_bits_per_value = mean(bits);
  return claimed;
}
