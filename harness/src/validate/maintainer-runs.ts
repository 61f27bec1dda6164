import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CaqError } from '../errors.js';
import type { SandboxRecord, SandboxRequest } from '../sandbox/types.js';
import type { CodecSource } from '../submit/codec-source.js';
import { runSubmission } from '../submit/run-submission.js';
import type { Submission } from '../submit/types.js';
import { packageRoot } from '../fs/package-root.js';
import { expectedFiles } from './coverage-check.js';
import { digestClaim, type DigestClaim } from './digest-check.js';
import { measure } from './recompute.js';
import type { CheckResult, MaintainerRun, MeasuredFigures } from './report-types.js';
import { judgeRerun, maintainerRun, rerunError, type Rerunner } from './rerun-check.js';
import type { ManifestView, ResolvedBundle } from './resolve-bundle.js';

export type { Rerunner } from './rerun-check.js';

/** The maintainer's runs go through exactly the path a submitter's did: `runSubmission`, sealed as the options say. */
const defaultRerunner =
  (sandbox: SandboxRequest | undefined): Rerunner =>
  (request) =>
    runSubmission({
      bundle: request.bundle,
      codec: request.codec,
      submitter: 'caqbench validate --rerun',
      runs: request.runs,
      files: request.files,
      sandbox,
    });

export interface MaintainerOptions {
  rerun?: number;
  /** Sealing and limits of the re-run's codec calls (validate checks beforehand that sealing works, see requireSandbox). */
  sandbox?: SandboxRequest;
  codecCmd?: string[];
  /** `<wrapper>` (harness/wrappers/<name>), `engine:<codec>`, or null for none; default the gzip wrapper. */
  baseline?: string | null;
  rerunner?: Rerunner;
}

/**
 * The baseline goes through the same external-codec path as submissions (so start-up
 * costs compare), by default Debian's gzip -9 via its wrapper; `engine:<id>` picks an
 * engine codec, with the parameters the bundle's canonical run gives it.
 */
export function baselineSource(name: string, bundle: ResolvedBundle): CodecSource {
  if (name.startsWith('engine:')) {
    const id = name.slice('engine:'.length);
    const listed = bundle.manifest.codecs.find((c) => c.codec === id)?.params ?? {};
    return {
      kind: 'engine',
      codec: id,
      params: Object.fromEntries(Object.entries(listed).map(([k, v]) => [k, String(v)])),
    };
  }
  return { kind: 'command', argv: [baselineWrapper(name)] };
}

/** The wrapper script a baseline name stands for; checked before any work starts. */
export function baselineWrapper(name: string): string {
  const wrapper = join(packageRoot(), 'harness', 'wrappers', name);
  if (!/^[a-z0-9_-]+$/.test(name) || !existsSync(wrapper)) {
    throw new CaqError('USAGE', `no baseline wrapper '${name}'`, {
      field: '--baseline',
      hint: 'use a name from harness/wrappers/ (gzip, xz, zstd, …), engine:<codec>, or none',
    });
  }
  return wrapper;
}

/** Whether the re-run runs code we did not write as the submitted codec (anything but the engine's own codecs). */
export function rerunsExternalCodec(submission: Submission, codecCmd: string[] | undefined): boolean {
  return submittedSource(submission, codecCmd).kind === 'command';
}

/** How the submitted codec is run again: the maintainer's command, else the engine codec, else the submitted argv. */
function submittedSource(submission: Submission, codecCmd: string[] | undefined): CodecSource {
  if (codecCmd !== undefined) return { kind: 'command', argv: codecCmd };
  const engine = submission.codec.engine_codec;
  return engine !== undefined
    ? { kind: 'engine', codec: engine.id, params: engine.params }
    : { kind: 'command', argv: submission.codec.command };
}

/**
 * What the maintainer measured, kept raw: the re-run's and the baseline's submissions
 * (over a shard's files only, when sharded) and why either could not be measured.
 * A sharded validation carries this in each shard file for `merge` to join and judge.
 */
export interface MaintainerMeasurements {
  runs: number;
  /** The baseline's name (`gzip`, `engine:deflate`), or null for none. */
  baseline: string | null;
  rerun: Submission | null;
  rerun_error: string | null;
  baseline_run: Submission | null;
  baseline_error: string | null;
}

/** The files a re-run covers: the ones the submission had to cover, in manifest order (the order rows are summed in). */
export function rerunFiles(submission: Submission, manifest: ManifestView): string[] {
  const expected = new Set(expectedFiles(manifest, submission));
  return manifest.files.filter((f) => expected.has(f.path)).map((f) => f.path);
}

/** The baseline's name as the options give it: default gzip, null for none. */
export function baselineName(options: MaintainerOptions): string | null {
  return options.baseline === undefined ? 'gzip' : options.baseline;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * N maintainer runs of the baseline, then of the submitted codec, in the same session on
 * the same machine, so the leaderboard's "Δ vs baseline" compares two figures measured
 * side by side. Each goes over its own list of files; an empty list is not run.
 */
export async function measureMaintainerRuns(
  submission: Submission,
  bundle: ResolvedBundle,
  options: MaintainerOptions & { rerun: number },
  files: { rerun: string[]; baseline: string[] },
): Promise<MaintainerMeasurements> {
  const rerunner = options.rerunner ?? defaultRerunner(options.sandbox);
  const runs = options.rerun;
  const measured: MaintainerMeasurements = {
    runs,
    baseline: baselineName(options),
    rerun: null,
    rerun_error: null,
    baseline_run: null,
    baseline_error: null,
  };
  if (measured.baseline !== null && files.baseline.length > 0) {
    try {
      measured.baseline_run = await rerunner({
        bundle: bundle.source,
        codec: baselineSource(measured.baseline, bundle),
        runs,
        files: files.baseline,
      });
    } catch (error) {
      measured.baseline_error = `baseline ${measured.baseline} could not be measured: ${message(error)}`;
    }
  }
  if (files.rerun.length > 0) {
    try {
      measured.rerun = await rerunner({
        bundle: bundle.source,
        codec: submittedSource(submission, options.codecCmd),
        runs,
        files: files.rerun,
      });
    } catch (error) {
      measured.rerun_error = message(error);
    }
  }
  return measured;
}

/** The rerun check from what was measured, against the submission's recomputed figures. */
export function judgeMaintainerRuns(
  claimed: MeasuredFigures,
  claimedLossless: boolean,
  measured: MaintainerMeasurements,
  digests: DigestClaim,
): { result: CheckResult; rerun: MaintainerRun | null; baseline: MaintainerRun | null; sandbox: SandboxRecord | null } {
  const judged =
    measured.rerun_error !== null || measured.rerun === null
      ? { result: rerunError(measured.rerun_error ?? 'the re-run measured no file'), run: null }
      : judgeRerun(claimed, claimedLossless, measured.rerun, digests);
  judged.result.figures.baseline = measured.baseline;
  judged.result.figures.baseline_error = measured.baseline_error;
  const baseline =
    measured.baseline !== null && measured.baseline_run !== null
      ? maintainerRun(measured.baseline, measured.baseline_run)
      : null;
  return { result: judged.result, rerun: judged.run, baseline, sandbox: measured.rerun?.sandbox ?? null };
}

/** Why the re-run cannot run at all, or null when it can. */
export function rerunSkipReason(runs: number, bundle: ResolvedBundle | null): string | null {
  if (runs <= 0)
    return 'not requested (use --rerun N): without a re-run the claim is checked for consistency only, and the leaderboard does not rank it';
  if (bundle === null) return 'not run: the bundle is unknown or not the one submitted against';
  return null;
}

/** With `--rerun N`: measure the codec and the baseline over every file the submission covers, then judge. */
export async function runMaintainerChecks(
  submission: Submission,
  bundle: ResolvedBundle,
  options: MaintainerOptions & { rerun: number },
): Promise<ReturnType<typeof judgeMaintainerRuns>> {
  const files = rerunFiles(submission, bundle.manifest);
  const measured = await measureMaintainerRuns(submission, bundle, options, { rerun: files, baseline: files });
  return judgeMaintainerRuns(measure(submission), submission.codec.lossless, measured, digestClaim(submission));
}
