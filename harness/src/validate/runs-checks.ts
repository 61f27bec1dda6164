import type { Submission } from '../submit/types.js';
import { verdict } from './check-result.js';
import { formatPercent, GATES } from './gates.js';
import { measure, measureStability } from './recompute.js';
import type { CheckResult } from './report-types.js';

/**
 * At least three counted runs, numbered once each. The runs' CPU stability (recomputed
 * from the rows) is reported beside the verdict, never in it: unstable runs are flagged,
 * not failed. A submission whose own `stability.unstable` says otherwise gets `claimed_unstable`.
 */
export function checkRuns(submission: Submission): CheckResult {
  const findings: string[] = [];
  const count = submission.runs.length;
  if (count < GATES.min_runs)
    findings.push(
      `${count} run${count === 1 ? '' : 's'}: at least ${GATES.min_runs} are needed to judge run-to-run variance`,
    );
  const numbers = submission.runs.map((run) => run.run);
  const repeated = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  if (repeated.length > 0) findings.push(`run numbers repeat: ${[...new Set(repeated)].join(', ')}`);
  const stability = measureStability(submission);
  const claimed = submission.stability?.unstable;
  const result = verdict('runs', 'SUBMISSION_TOO_FEW_RUNS', findings, `${count} runs`, 'too few runs', {
    runs: count,
    min_runs: GATES.min_runs,
    unstable: stability.unstable,
    relative_mad: stability.relative_mad,
    ...(claimed === undefined || claimed === stability.unstable ? {} : { claimed_unstable: claimed }),
  });
  const notes: string[] = [];
  if (stability.unstable)
    notes.push(
      `runs flagged unstable: CPU MAD/median ${formatPercent(stability.relative_mad)} > ${formatPercent(stability.threshold)}`,
    );
  if (claimed !== undefined && claimed !== stability.unstable)
    notes.push(`the submission claims unstable=${claimed}, recomputed unstable=${stability.unstable}`);
  if (notes.length > 0) result.message += ` (${notes.join('; ')})`;
  return result;
}

/**
 * "CAQ variance", (max − min) / mean of the runs' CAQ recomputed from the rows, within the
 * 1.5% gate: of the CAQ normalised to the reference workload paired with every call
 * (caq_norm), which a busy machine moves far less than raw CPU; of raw CAQ only for a
 * submission whose calls were not paired. The raw spread is reported either way.
 */
export function checkVariance(submission: Submission): CheckResult {
  const figures = measure(submission);
  const normalised = figures.normalised ?? null;
  const gated = normalised === null ? figures.caq_variance : normalised.caq_variance;
  const metric = normalised === null ? 'CAQ' : 'caq_norm';
  const findings =
    gated <= GATES.variance
      ? []
      : [`run-to-run ${metric} spread ${formatPercent(gated)} exceeds ${formatPercent(GATES.variance)}`];
  const raw = normalised === null ? '' : ` (raw CAQ ${formatPercent(figures.caq_variance)})`;
  return verdict(
    'variance',
    'SUBMISSION_VARIANCE',
    findings,
    `run-to-run ${metric} spread ${formatPercent(gated)}${raw}`,
    'run-to-run variance above the gate',
    {
      gated: metric === 'CAQ' ? 'caq' : 'caq_norm',
      caq_variance: Number.isFinite(figures.caq_variance) ? figures.caq_variance : null,
      caq_norm_variance:
        normalised !== null && Number.isFinite(normalised.caq_variance) ? normalised.caq_variance : null,
      claimed_caq_variance: submission.claimed.caq_variance,
      gate: GATES.variance,
    },
  );
}
