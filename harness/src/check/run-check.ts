import { buildBundles, type BuiltBundle, recipesNamed } from '../bundle/build.js';
import { defaultRecipesDir } from '../bundle/paths.js';
import { exitStatusFor, CaqError } from '../errors.js';
import type { ProgressCallback } from '../progress/events.js';
import { decidingCode } from '../verify/exit-status.js';
import type { VerifyReport } from '../verify/types.js';
import { verifyBundle } from '../verify/verify-bundle.js';
import { type CanonicalRun, runCanonical } from './canonical-run.js';

export interface CheckOptions {
  /** Bundles to check, by recipe name (see checkNames). */
  names: string[];
  outDir: string;
  /** Environment of the canonical scripts (PATH to bash and node, TMPDIR…). */
  env?: NodeJS.ProcessEnv;
  onProgress?: ProgressCallback;
}

export interface CheckRow {
  name: string;
  /** Null when the build failed; `buildError` then says why and nothing else ran. */
  bundle: BuiltBundle | null;
  buildError: CaqError | null;
  verifyFolder: VerifyReport | null;
  verifyTarball: VerifyReport | null;
  /** Null when verification failed: code from an unverified bundle is not run. */
  canonical: CanonicalRun | null;
  pass: boolean;
}

/**
 * The README's main job, one bundle after another: build it, verify its
 * folder and its tarball, run its canonical script. Bundles are checked in
 * turn, never side by side, so no canonical run's CPU timing shares the
 * machine with another's.
 */
export async function runCheck(opts: CheckOptions): Promise<CheckRow[]> {
  const emit = opts.onProgress ?? ((): void => undefined);
  const rows: CheckRow[] = [];
  for (const name of opts.names) {
    // The builder's own done/fail would end this bundle's task early; its steps are passed on.
    const onBuild: ProgressCallback = (e) =>
      emit(e.status === 'done' || e.status === 'fail' ? { ...e, status: 'step' } : e);
    let bundle: BuiltBundle | undefined;
    try {
      [bundle] = await buildBundles({ names: [name], outDir: opts.outDir, onProgress: onBuild });
    } catch (error) {
      // One bundle's failed build is a row of the table, not the end of the check.
      if (!(error instanceof CaqError)) throw error;
      const row: CheckRow = {
        name,
        bundle: null,
        buildError: error,
        verifyFolder: null,
        verifyTarball: null,
        canonical: null,
        pass: false,
      };
      rows.push(row);
      emit({ task: name, status: 'fail', message: error.message.split('\n')[0] ?? error.code });
      continue;
    }
    if (bundle === undefined) throw new CaqError('INTERNAL', `buildBundles returned nothing for ${name}`);
    emit({ task: name, status: 'step', message: 'verifying folder and tarball' });
    const [verifyFolder, verifyTarball] = await Promise.all([
      verifyBundle(bundle.folder),
      verifyBundle(bundle.tarball),
    ]);
    let canonical: CanonicalRun | null = null;
    if (verifyFolder.ok && verifyTarball.ok) {
      emit({ task: name, status: 'step', message: 'canonical run' });
      canonical = await runCanonical(bundle.folder, opts.env ?? process.env);
    }
    const row: CheckRow = {
      name,
      bundle,
      buildError: null,
      verifyFolder,
      verifyTarball,
      canonical,
      pass: canonical !== null && canonical.exitCode === 0,
    };
    rows.push(row);
    emit({ task: name, status: row.pass ? 'done' : 'fail', message: verdictOf(row) });
  }
  return rows;
}

/** The names `check` works on: those given (each must have a recipe), or every recipe in the repository's bundles/. */
export async function checkNames(names: string[]): Promise<string[]> {
  return (await recipesNamed(names, defaultRecipesDir())).map((r) => r.name);
}

/** Why a bundle failed: its build, its verification, a metric outside tolerance, or a run that failed otherwise. */
function failure(row: CheckRow): 'build' | 'verify' | 'tolerance' | 'run' | null {
  if (row.pass) return null;
  if (row.buildError !== null) return 'build';
  if (row.canonical === null) return 'verify';
  const { compared, within } = row.canonical;
  return compared !== null && within !== null && within < compared ? 'tolerance' : 'run';
}

/** The table's verdict column. */
export function verdictOf(row: CheckRow): string {
  const why = failure(row);
  if (why === null) return 'PASS';
  return why === 'run' ? `FAIL (run exit ${row.canonical?.exitCode})` : `FAIL (${why})`;
}

/**
 * 0 when every bundle passes. Otherwise, the first failing bundle's build
 * error, else its verification class (by verify's own precedence); else a run
 * outside tolerance is COMPARE_OUT_OF_TOLERANCE; a run that produced nothing
 * to compare, or failed after comparing, is ENGINE_FAILED.
 */
export function checkExitStatus(rows: readonly CheckRow[]): number {
  for (const row of rows) if (row.buildError !== null) return exitStatusFor(row.buildError.code);
  for (const row of rows) {
    const code = decidingCode([...(row.verifyFolder?.findings ?? []), ...(row.verifyTarball?.findings ?? [])]);
    if (code !== null) return exitStatusFor(code);
  }
  const failures = rows.map(failure);
  if (failures.includes('tolerance')) return exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  return failures.includes('run') ? exitStatusFor('ENGINE_FAILED') : 0;
}
