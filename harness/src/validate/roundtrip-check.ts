import type { Submission, SubmissionFileRun } from '../submit/types.js';
import { verdict } from './check-result.js';
import type { CheckResult } from './report-types.js';

/** The named reason of a failure row, where it happened and the last line the codec printed. */
function describeFailure(row: SubmissionFileRun): string {
  const failure = row.failure;
  if (failure === null) return '';
  const how =
    failure.signal !== null
      ? ` (signal ${failure.signal})`
      : failure.exit_code !== null
        ? ` (exit ${failure.exit_code})`
        : '';
  // A broken bound is the harness's finding, not the codec's words: its detail names the bound and the worst element.
  const lastLine =
    failure.reason === 'distortion-bound' ? (failure.detail ?? '') : (failure.log_tail.trim().split('\n').pop() ?? '');
  return `${failure.reason} during ${failure.stage}${how}${lastLine === '' ? '' : `: ${lastLine}`}`;
}

/**
 * Lossless claims must round-trip byte for byte on every row; lossy submissions must
 * declare their distortion on every row (they are ranked apart). A failure row (crash,
 * hang, missing output, …) fails either way, with its reason.
 */
export function checkRoundtrip(submission: Submission): CheckResult {
  const lossless = submission.codec.lossless;
  const findings: string[] = [];
  let rows = 0;
  for (const run of submission.runs) {
    for (const row of run.files) {
      rows += 1;
      const where = `run ${run.run}: ${row.file}`;
      if (row.failure !== null) findings.push(`${where}: ${describeFailure(row)}`);
      else if (row.roundtrip === 'failed') findings.push(`${where}: round trip failed`);
      else if (lossless && row.roundtrip !== 'identical')
        findings.push(`${where}: claims lossless but round-tripped ${row.roundtrip}`);
      else if (!lossless && row.distortion === null) findings.push(`${where}: lossy codec declares no distortion`);
    }
  }
  const kind = lossless ? 'lossless' : 'lossy';
  const ok = lossless
    ? `all ${rows} rows round-trip byte for byte`
    : `all ${rows} rows declare their distortion (lossy: ranked apart)`;
  return verdict('roundtrip', 'SUBMISSION_ROUNDTRIP', findings, ok, `${kind} round-trip claims do not hold`, {
    lossless,
    rows,
    failure_rows: submission.runs.reduce((n, run) => n + run.files.filter((row) => row.failure !== null).length, 0),
  });
}
