import { describeShard, type ShardSpec } from '../../../../mock-engine/src/shard/index.js';
import { CaqError } from '../../errors.js';
import { requireSandbox } from '../../sandbox/policy.js';
import { resolveCpuClock } from '../../timing/cpu-clock.js';
import { TOOL_VERSION } from '../../version.js';
import { skip } from '../check-result.js';
import { claimedDigests } from '../digest-check.js';
import {
  baselineName,
  measureMaintainerRuns,
  rerunFiles,
  rerunSkipReason,
  rerunsExternalCodec,
  type MaintainerMeasurements,
} from '../maintainer-runs.js';
import { checkSubmission, type ValidateOptions } from '../validate-submission.js';
import { rerunMatrix, shardFiles } from './plan.js';
import type { ReportShard } from './types.js';

/** The rerun entry every shard carries until the merge judges the joined re-run. */
const PENDING_MESSAGE = 'sharded: judged when `caqbench merge` joins the shards';

/**
 * One shard of a validation: every check that needs no re-run (identical in every
 * shard), and the maintainer's runs of this shard's cells of the re-run matrix.
 * When the re-run cannot run (schema or bundle failed), the matrix is empty and
 * every shard holds the report the unsharded validation would write.
 */
export async function validateShard(options: ValidateOptions & { shard: ShardSpec }): Promise<ReportShard> {
  const runs = options.rerun ?? 0;
  if (runs <= 0) {
    throw new CaqError('USAGE', "--shard splits the maintainer's re-run, so it needs --rerun N", {
      field: '--shard',
      hint: 'without --rerun, validate once: the other checks take seconds',
    });
  }
  const checked = await checkSubmission(options);
  const baseline = baselineName(options);
  const idle: MaintainerMeasurements = {
    runs,
    baseline,
    rerun: null,
    rerun_error: null,
    baseline_run: null,
    baseline_error: null,
  };
  const { submission, bundle } = checked;
  if (submission === null || bundle === null || rerunSkipReason(runs, bundle) !== null) {
    const digests = submission === null ? {} : claimedDigests(submission);
    return {
      schema: 'caqbench/report-shard@1',
      tool_version: TOOL_VERSION,
      shard: { ...options.shard, keys: [], matrix: [] },
      report: checked.report,
      maintainer: idle,
      claimed_digests: digests,
    };
  }
  if (rerunsExternalCodec(submission, options.codecCmd)) await requireSandbox(options.sandbox ?? {}, resolveCpuClock());
  const matrix = rerunMatrix(bundle.manifest, submission.codec.name, baseline, rerunFiles(submission, bundle.manifest));
  const shard = describeShard(matrix, options.shard);
  const maintainer = await measureMaintainerRuns(
    submission,
    bundle,
    { ...options, rerun: runs },
    shardFiles(matrix, options.shard),
  );
  const report = {
    ...checked.report,
    checks: checked.report.checks.map((check) => (check.id === 'rerun' ? skip('rerun', PENDING_MESSAGE) : check)),
  };
  return {
    schema: 'caqbench/report-shard@1',
    tool_version: TOOL_VERSION,
    shard,
    report,
    maintainer,
    claimed_digests: claimedDigests(submission),
  };
}
