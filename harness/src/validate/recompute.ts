import { judgeSpread, UNSTABLE_THRESHOLD } from '../../../mock-engine/src/metrics/stability-rule.js';
import { floorMedians, lossyMeans, referenceScale, runAggregate, submissionFigures } from '../submit/aggregate.js';
import type { RunAggregate, Submission, SubmissionRun } from '../submit/types.js';
import type { MeasuredFigures, MeasuredStability } from './report-types.js';

/**
 * A submission's figures as validation recomputes them from the rows (the claim is
 * never read), by the submit path's own definitions (harness/src/submit/aggregate.ts).
 */
export function runFigures(submission: Submission, run: SubmissionRun): RunAggregate {
  return runAggregate(run.files, floorMedians(submission.startup_floor));
}

/**
 * The spread the timing protocol judges (metric run_cpu_s: MAD / median of the runs' raw
 * CPU seconds), recomputed from the rows rather than taken from the submission's claim;
 * only the threshold and whether a re-measure happened come from the submission.
 */
export function measureStability(submission: Submission): MeasuredStability {
  const samples = submission.runs.map((run) => runFigures(submission, run).cpu_s);
  return judgeSpread(
    samples,
    submission.stability?.threshold ?? UNSTABLE_THRESHOLD,
    submission.stability?.remeasured ?? false,
  );
}

/**
 * The submission's figures: medians over runs of the recomputed ratio, CPU seconds and CAQ,
 * the CAQ spread, and the same normalised to the reference workload at `scale` — by default
 * the submission's own S (its median paired reference); a re-run is judged at the claim's S.
 */
export function measure(
  submission: Submission,
  scale: number | null = referenceScale(submission.runs),
): MeasuredFigures {
  const figures = submissionFigures(submission.runs, {
    floor: floorMedians(submission.startup_floor),
    floorSubtracted: submission.protocol.cpu_floor_subtracted,
    scale,
  });
  const lossy = lossyMeans(submission.runs);
  return {
    runs: submission.runs.length,
    ratio: figures.ratio,
    cpu_s: figures.cpu_s,
    caq: figures.caq,
    caq_variance: figures.caq_variance,
    normalised: figures.normalised,
    mean_snr_db: submission.codec.lossless ? null : lossy.snr_db,
    mean_bits_per_value: submission.codec.lossless ? null : lossy.bits_per_value,
    stability: measureStability(submission),
  };
}
