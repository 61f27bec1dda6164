import { basename } from 'node:path';
import { requireSandbox } from '../sandbox/policy.js';
import type { SandboxRecord, SandboxRequest } from '../sandbox/types.js';
import { resolveCpuClock } from '../timing/cpu-clock.js';
import type { Submission } from '../submit/types.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT_CODES } from '../errors.js';
import { checkBundle } from './bundle-check.js';
import { contentDigest } from './content-digest.js';
import { skip } from './check-result.js';
import { checkCoverage } from './coverage-check.js';
import { GATES } from './gates.js';
import { loadSubmission } from './load-submission.js';
import { measure } from './recompute.js';
import { checkRecompute } from './recompute-check.js';
import type { CheckResult, MaintainerRun, Report, SubmissionSummary } from './report-types.js';
import { verificationOf } from './verification.js';
import { rerunSkipReason, rerunsExternalCodec, runMaintainerChecks, type Rerunner } from './maintainer-runs.js';
import type { ResolvedBundle } from './resolve-bundle.js';
import { checkRoundtrip } from './roundtrip-check.js';
import { checkRuns, checkVariance } from './runs-checks.js';
import { schemaValidator } from '../schema/validator.js';
import { checkSchema } from './schema-check.js';

export interface ValidateOptions {
  submission: string;
  bundle?: string;
  /** Folder holding `<name>-<version>/` or `<name>-<version>.tar.gz` bundles; default `dist`. */
  knownBundles?: string;
  /** Maintainer runs of the codec and the baseline; 0 or absent: no re-run. */
  rerun?: number;
  /** The codec command for the re-run; default: the submission's own argv. */
  codecCmd?: string[];
  /** Baseline measured beside the re-run: a harness wrapper name or `engine:<codec>`; default gzip; null: none. */
  baseline?: string | null;
  rerunner?: Rerunner;
  /** Sealing of the re-run's codec calls: without a working seal, a re-run needs `disabled` (--no-sandbox). */
  sandbox?: SandboxRequest;
}

function summarise(submission: Submission): SubmissionSummary {
  const { name, version, lossless, adaptive, deterministic, command } = submission.codec;
  return {
    submitter: submission.submitter,
    created: submission.created,
    codec: { name, version, lossless, adaptive, deterministic, command },
    bundle: submission.bundle,
    environment: submission.environment,
  };
}

/** Failure classes of the failed checks, lowest exit status first (the first one is the process's status). */
function failuresOf(checks: CheckResult[]): Report['failures'] {
  const codes = [...new Set(checks.flatMap((check) => (check.code === null ? [] : [check.code])))];
  return codes.sort((a, b) => EXIT_CODES[a].status - EXIT_CODES[b].status);
}

/** What every check but the maintainer's re-run found; the rerun entry is a SKIP placeholder until `withMaintainerChecks`. */
export interface CheckedSubmission {
  report: Report;
  submission: Submission | null;
  bundle: ResolvedBundle | null;
}

/** The status, exit status, failure classes and verification a report's checks add up to. */
function withVerdict(report: Omit<Report, 'status' | 'exit_status' | 'failures' | 'verification'>): Report {
  const failures = failuresOf(report.checks);
  const verdict = {
    status: failures.length === 0 ? 'PASS' : 'FAIL',
    exit_status: failures.length === 0 ? 0 : EXIT_CODES[failures[0]!].status,
    failures,
  } as const;
  const { schema, tool_version, ...rest } = report;
  return { schema, tool_version, ...verdict, verification: verificationOf(report.checks), ...rest };
}

/** Runs every check that needs only the submission and the bundle: quick and deterministic, the same on every machine. */
export async function checkSubmission(options: ValidateOptions): Promise<CheckedSubmission> {
  const loaded = await loadSubmission(options.submission);
  const schema = checkSchema(loaded, schemaValidator('submission'));
  const checks: CheckResult[] = [schema.result];
  const submission = schema.submission;
  let bundle: ResolvedBundle | null = null;
  if (submission === null) {
    for (const id of ['bundle', 'coverage', 'recompute', 'runs', 'variance', 'roundtrip', 'rerun'] as const) {
      checks.push(skip(id, 'not run: the submission fails its schema'));
    }
  } else {
    const found = await checkBundle(submission, options);
    bundle = found.bundle;
    checks.push(found.result);
    checks.push(
      bundle === null
        ? skip('coverage', 'not run: the bundle is unknown or not the one submitted against')
        : checkCoverage(submission, bundle.manifest),
    );
    checks.push(
      checkRecompute(submission, bundle?.manifest ?? null),
      checkRuns(submission),
      checkVariance(submission),
      checkRoundtrip(submission),
    );
    checks.push(skip('rerun', rerunSkipReason(options.rerun ?? 0, bundle) ?? 'pending'));
  }
  const report = withVerdict({
    schema: 'caqbench/report@1',
    tool_version: TOOL_VERSION,
    gates: { ...GATES },
    submission: {
      file: basename(options.submission),
      content_sha256: loaded.ok ? contentDigest(loaded.value) : null,
      summary: submission === null ? null : summarise(submission),
    },
    figures: submission === null || submission.runs.length === 0 ? null : measure(submission),
    rerun: null,
    baseline: null,
    checks,
  });
  return { report, submission, bundle };
}

/** The report with its rerun entry, re-run and baseline figures replaced, and its verdict recomputed. */
export function withMaintainerChecks(
  report: Report,
  maintainer: {
    result: CheckResult;
    rerun: MaintainerRun | null;
    baseline: MaintainerRun | null;
    sandbox: SandboxRecord | null;
  },
): Report {
  const { status: _s, exit_status: _e, failures: _f, verification: _v, ...rest } = report;
  return withVerdict({
    ...rest,
    rerun: maintainer.rerun,
    sandbox: maintainer.sandbox,
    baseline: maintainer.baseline,
    checks: report.checks.map((check) => (check.id === 'rerun' ? maintainer.result : check)),
  });
}

/**
 * Runs every check on a submission and returns the report; never throws for a
 * failing submission (a maintainer sees every finding), only for unusable tooling.
 */
export async function validateSubmission(options: ValidateOptions): Promise<Report> {
  const runs = options.rerun ?? 0;
  const { report, submission, bundle } = await checkSubmission(options);
  if (submission === null || bundle === null || rerunSkipReason(runs, bundle) !== null) return report;
  if (rerunsExternalCodec(submission, options.codecCmd)) await requireSandbox(options.sandbox ?? {}, resolveCpuClock());
  return withMaintainerChecks(report, await runMaintainerChecks(submission, bundle, { ...options, rerun: runs }));
}
