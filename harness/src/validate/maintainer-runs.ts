import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CaqError } from '../errors.js';
import type { CodecSource } from '../submit/codec-source.js';
import { runSubmission } from '../submit/run-submission.js';
import type { Submission } from '../submit/types.js';
import { packageRoot } from '../fs/package-root.js';
import { skip } from './check-result.js';
import type { CheckResult, MaintainerRun } from './report-types.js';
import { judgeRerun, maintainerRun, rerunError, type Rerunner } from './rerun-check.js';
import type { ResolvedBundle } from './resolve-bundle.js';

export type { Rerunner } from './rerun-check.js';

/** The maintainer's runs go through exactly the path a submitter's did: `runSubmission`. */
const defaultRerunner: Rerunner = (request) =>
  runSubmission({ bundle: request.bundle, codec: request.codec, submitter: 'caqbench validate --rerun', runs: request.runs });

export interface MaintainerOptions {
  rerun?: number;
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
    return { kind: 'engine', codec: id, params: Object.fromEntries(Object.entries(listed).map(([k, v]) => [k, String(v)])) };
  }
  return { kind: 'command', argv: [baselineWrapper(name)] };
}

/** The wrapper script a baseline name stands for; checked before any work starts. */
export function baselineWrapper(name: string): string {
  const wrapper = join(packageRoot(), 'harness', 'wrappers', name);
  if (!/^[a-z0-9_-]+$/.test(name) || !existsSync(wrapper)) {
    throw new CaqError('USAGE', `no baseline wrapper '${name}'`, { field: '--baseline', hint: 'use a name from harness/wrappers/ (gzip, xz, zstd, …), engine:<codec>, or none' });
  }
  return wrapper;
}

/** How the submitted codec is run again: the maintainer's command, else the engine codec, else the submitted argv. */
function submittedSource(submission: Submission, codecCmd: string[] | undefined): CodecSource {
  if (codecCmd !== undefined) return { kind: 'command', argv: codecCmd };
  const engine = submission.codec.engine_codec;
  return engine !== undefined ? { kind: 'engine', codec: engine.id, params: engine.params } : { kind: 'command', argv: submission.codec.command };
}

/**
 * With `--rerun N`: N maintainer runs of the baseline, then of the submitted codec,
 * in the same session on the same machine, so the leaderboard's "Δ vs baseline"
 * compares two figures measured side by side.
 */
export async function runMaintainerChecks(
  submission: Submission,
  bundle: ResolvedBundle | null,
  options: MaintainerOptions,
): Promise<{ result: CheckResult; rerun: MaintainerRun | null; baseline: MaintainerRun | null }> {
  const runs = options.rerun ?? 0;
  if (runs <= 0) return { result: skip('rerun', 'not requested (use --rerun N)'), rerun: null, baseline: null };
  if (bundle === null) return { result: skip('rerun', 'not run: the bundle is unknown or not the one submitted against'), rerun: null, baseline: null };
  const rerunner = options.rerunner ?? defaultRerunner;
  const baselineName = options.baseline === undefined ? 'gzip' : options.baseline;
  let baseline: MaintainerRun | null = null;
  let baselineError: string | null = null;
  if (baselineName !== null) {
    try {
      baseline = maintainerRun(baselineName, await rerunner({ bundle: bundle.source, codec: baselineSource(baselineName, bundle), runs }));
    } catch (error) {
      baselineError = `baseline ${baselineName} could not be measured: ${(error as Error).message}`;
    }
  }
  let judged: { result: CheckResult; run: MaintainerRun | null };
  try {
    const rerun = await rerunner({ bundle: bundle.source, codec: submittedSource(submission, options.codecCmd), runs });
    judged = judgeRerun(submission, rerun);
  } catch (error) {
    judged = { result: rerunError(error), run: null };
  }
  judged.result.figures.baseline = baselineName;
  judged.result.figures.baseline_error = baselineError;
  return { result: judged.result, rerun: judged.run, baseline };
}
