import type { Submission } from '../submit/types.js';
import { verdict } from './check-result.js';
import { formatPercent, GATES, relativeDifference } from './gates.js';
import { measure, runFigures } from './recompute.js';
import type { CheckResult } from './report-types.js';
import type { ManifestView } from './resolve-bundle.js';

/** A claimed figure against the recomputed one: a finding when outside the tolerance (or not a number). */
function compare(findings: string[], where: string, claimed: number, recomputed: number): number {
  const diff = relativeDifference(claimed, recomputed);
  if (!(diff <= GATES.tolerance)) {
    findings.push(
      `${where}: claimed ${claimed}, recomputed ${recomputed} (${formatPercent(diff)} off, tolerance ±${formatPercent(GATES.tolerance)})`,
    );
  }
  return diff;
}

/**
 * Every claimed aggregate is recomputed from the raw sizes and CPU times: each run's
 * aggregate and the submission's ratio and CAQ within ±1.5%, and the original sizes
 * exactly as the bundle's manifest lists them (a smaller "original" would inflate the ratio).
 */
export function checkRecompute(submission: Submission, manifest: ManifestView | null): CheckResult {
  const findings: string[] = [];
  const sizes = new Map((manifest?.files ?? []).map((file) => [file.path, file.bytes]));
  for (const run of submission.runs) {
    for (const row of run.files) {
      const listed = sizes.get(row.file);
      if (listed !== undefined && listed !== row.original_bytes) {
        findings.push(
          `run ${run.run}: ${row.file} has original_bytes ${row.original_bytes}, the manifest lists ${listed}`,
        );
      }
    }
    const figures = runFigures(submission, run);
    for (const field of ['original_bytes', 'compressed_bytes'] as const) {
      if (run.aggregate[field] !== figures[field]) {
        findings.push(
          `run ${run.run}: aggregate ${field} claimed ${run.aggregate[field]}, the rows sum to ${figures[field]}`,
        );
      }
    }
    for (const field of ['ratio', 'cpu_s', 'caq'] as const)
      compare(findings, `run ${run.run} aggregate ${field}`, run.aggregate[field], figures[field]);
    for (const field of [
      'cpu_s_floor_subtracted',
      'caq_floor_subtracted',
      'cpu_ref_units',
      'cpu_ref_units_floor_subtracted',
    ] as const) {
      const claimed = run.aggregate[field];
      if (claimed !== undefined) compare(findings, `run ${run.run} aggregate ${field}`, claimed, figures[field] ?? NaN);
    }
  }
  const measured = measure(submission);
  const ratioDiff = compare(findings, 'claimed ratio', submission.claimed.ratio, measured.ratio);
  const caqDiff = compare(findings, 'claimed CAQ', submission.claimed.caq, measured.caq);
  const claimedNorm = submission.claimed.normalised;
  if (claimedNorm !== undefined) {
    if (measured.normalised == null)
      findings.push('claimed normalised figures, but not every counted call has a paired reference timing');
    else compare(findings, 'claimed caq_norm', claimedNorm.caq, measured.normalised.caq);
  }
  return verdict(
    'recompute',
    'SUBMISSION_RECOMPUTE',
    findings,
    'claimed ratio and CAQ agree with the recomputed ones',
    'claimed figures differ from the raw ones',
    {
      claimed_ratio: submission.claimed.ratio,
      ratio: measured.ratio,
      ratio_difference: Number.isFinite(ratioDiff) ? ratioDiff : null,
      claimed_caq: submission.claimed.caq,
      caq: measured.caq,
      caq_difference: Number.isFinite(caqDiff) ? caqDiff : null,
      claimed_cpu_s: submission.claimed.cpu_s,
      cpu_s: measured.cpu_s,
      cpu_floor_subtracted: submission.protocol.cpu_floor_subtracted,
    },
  );
}
