import type { CodecSource } from '../submit/codec-source.js';
import type { Submission } from '../submit/types.js';
import { fail, verdict } from './check-result.js';
import { digestFindings, type DigestClaim } from './digest-check.js';
import { formatPercent, GATES, relativeDifference } from './gates.js';
import { measure } from './recompute.js';
import type { CheckResult, MaintainerRun, MeasuredFigures } from './report-types.js';
import { checkRoundtrip } from './roundtrip-check.js';

export interface RerunRequest {
  /** Bundle folder or .tar.gz. */
  bundle: string;
  /** An external command or an engine codec, as `caqbench submit` takes them. */
  codec: CodecSource;
  runs: number;
  /** The data files to run, bundle-relative, in manifest order. */
  files: string[];
}

/** Runs a codec through the submit path and returns the submission it produced. */
export type Rerunner = (request: RerunRequest) => Promise<Submission>;

export function maintainerRun(codec: string, submission: Submission): MaintainerRun {
  return { codec, environment: submission.environment, ...measure(submission) };
}

/**
 * The maintainer's own runs must reproduce the claim: ratio and CAQ within ±1.5% of the
 * submission's recomputed figures (`claimed`, from `measure`), a deterministic codec's
 * compressed bytes exactly (`digests`), and every row of the re-run must round-trip as
 * claimed. Takes figures, not the submission, so that `merge` can judge a sharded re-run
 * from the shards' reports.
 */
export function judgeRerun(claimed: MeasuredFigures, claimedLossless: boolean, rerun: Submission, digests: DigestClaim): { result: CheckResult; run: MaintainerRun } {
  const run = maintainerRun(rerun.codec.name, rerun);
  const findings: string[] = [];
  if (rerun.codec.lossless !== claimedLossless) {
    findings.push(`the codec's info says lossless=${rerun.codec.lossless} here, the submission claims lossless=${claimedLossless}`);
  }
  const ratioDiff = relativeDifference(claimed.ratio, run.ratio);
  const caqDiff = relativeDifference(claimed.caq, run.caq);
  if (!(ratioDiff <= GATES.tolerance)) findings.push(`ratio: submitted ${claimed.ratio}, re-run ${run.ratio} (${formatPercent(ratioDiff)} off)`);
  if (!(caqDiff <= GATES.tolerance)) findings.push(`CAQ: submitted ${claimed.caq}, re-run ${run.caq} (${formatPercent(caqDiff)} off)`);
  findings.push(...digestFindings(digests, rerun));
  const roundtrip = checkRoundtrip(rerun);
  findings.push(...roundtrip.findings.map((finding) => `re-run ${finding}`));
  const result = verdict('rerun', 'SUBMISSION_RERUN', findings, `${run.runs} maintainer runs reproduce ratio and CAQ within ±${formatPercent(GATES.tolerance)}`, 'the re-run does not reproduce the claim', {
    runs: run.runs,
    ratio: run.ratio,
    ratio_difference: Number.isFinite(ratioDiff) ? ratioDiff : null,
    caq: run.caq,
    caq_difference: Number.isFinite(caqDiff) ? caqDiff : null,
    cpu_s: run.cpu_s,
  });
  result.figures.compressed_sha256_checked = digests.deterministic;
  if (digests.deterministic && result.status === 'PASS') result.message += ', and every compressed file byte for byte (SHA-256)';
  return { result, run };
}

/** The re-run could not even start (codec missing, bundle unreadable): a failed reproduction, with the reason. */
export function rerunError(error: unknown): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return fail('rerun', 'SUBMISSION_RERUN', 'the re-run failed', [message]);
}
