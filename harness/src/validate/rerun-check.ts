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

/** A maintainer's run's figures; normalised at `scale` (the claim's S for a re-run), else at its own. */
export function maintainerRun(codec: string, submission: Submission, scale?: number): MaintainerRun {
  return { codec, environment: submission.environment, ...measure(submission, scale) };
}

/**
 * The maintainer's own runs must reproduce the claim: ratio and CAQ within ±1.5% of the
 * submission's recomputed figures (`claimed`, from `measure`), a deterministic codec's
 * compressed bytes exactly (`digests`), and every row of the re-run must round-trip as
 * claimed. The CAQ compared is caq_norm, the re-run's CPU in reference units put at the
 * claim's scale: a slower or busier maintainer machine slows the codec and the reference
 * alike and fails nothing, a codec that got slower against the reference fails. Raw CAQ
 * is compared only when either side's calls were not paired, and is reported either way.
 * Takes figures, not the submission, so that `merge` can judge a sharded re-run from the
 * shards' reports.
 */
export function judgeRerun(
  claimed: MeasuredFigures,
  claimedLossless: boolean,
  rerun: Submission,
  digests: DigestClaim,
): { result: CheckResult; run: MaintainerRun } {
  const claimedNorm = claimed.normalised ?? null;
  const run = maintainerRun(rerun.codec.name, rerun, claimedNorm === null ? undefined : claimedNorm.reference_s);
  const rerunNorm = run.normalised ?? null;
  const findings: string[] = [];
  if (rerun.codec.lossless !== claimedLossless) {
    findings.push(
      `the codec's info says lossless=${rerun.codec.lossless} here, the submission claims lossless=${claimedLossless}`,
    );
  }
  const ratioDiff = relativeDifference(claimed.ratio, run.ratio);
  const caqDiff = relativeDifference(claimed.caq, run.caq);
  const normDiff =
    claimedNorm === null || rerunNorm === null ? null : relativeDifference(claimedNorm.caq, rerunNorm.caq);
  if (!(ratioDiff <= GATES.tolerance))
    findings.push(`ratio: submitted ${claimed.ratio}, re-run ${run.ratio} (${formatPercent(ratioDiff)} off)`);
  if (normDiff === null) {
    if (!(caqDiff <= GATES.tolerance))
      findings.push(`CAQ: submitted ${claimed.caq}, re-run ${run.caq} (${formatPercent(caqDiff)} off)`);
  } else if (!(normDiff <= GATES.tolerance)) {
    findings.push(
      `caq_norm: submitted ${claimedNorm!.caq}, re-run ${rerunNorm!.caq} at the submission's reference scale (${formatPercent(normDiff)} off; raw CAQ ${formatPercent(caqDiff)} off)`,
    );
  }
  findings.push(...digestFindings(digests, rerun));
  const roundtrip = checkRoundtrip(rerun);
  findings.push(...roundtrip.findings.map((finding) => `re-run ${finding}`));
  const gated = normDiff === null ? 'CAQ' : 'caq_norm';
  const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);
  const result = verdict(
    'rerun',
    'SUBMISSION_RERUN',
    findings,
    `${run.runs} maintainer runs reproduce ratio and ${gated} within ±${formatPercent(GATES.tolerance)}`,
    'the re-run does not reproduce the claim',
    {
      runs: run.runs,
      ratio: run.ratio,
      ratio_difference: finite(ratioDiff),
      caq: run.caq,
      caq_difference: finite(caqDiff),
      caq_norm: rerunNorm?.caq ?? null,
      caq_norm_difference: finite(normDiff),
      gated: normDiff === null ? 'caq' : 'caq_norm',
      cpu_s: run.cpu_s,
    },
  );
  result.figures.compressed_sha256_checked = digests.deterministic;
  if (digests.deterministic && result.status === 'PASS')
    result.message += ', and every compressed file byte for byte (SHA-256)';
  return { result, run };
}

/** The re-run could not even start (codec missing, bundle unreadable): a failed reproduction, with the reason. */
export function rerunError(error: unknown): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return fail('rerun', 'SUBMISSION_RERUN', 'the re-run failed', [message]);
}
