import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Results } from '../../../mock-engine/src/results.js';
import { writeFileAtomic } from '../../../mock-engine/src/fs/atomic-write.js';
import { guardOutputs } from '../fs/output.js';
import { canonicalJsonFile } from '../../../mock-engine/src/format/canonical-json.js';
import { canonicalScript } from './canonical-script.js';
import { writeChecksums } from './checksums.js';
import { copyEngine, engineIdentity, runEngine } from './engine.js';
import { sha256Bytes, sha256File } from './hash.js';
import { buildManifest, serialiseManifest } from './manifest.js';
import type { SuppliedSources } from './local-sources.js';
import { materialiseFiles } from './materialise.js';
import { normaliseModes } from './modes.js';
import { bundleReadme } from './readme.js';
import type { Recipe } from './recipe-types.js';
import { caqDrift, checkReference, readReference, readResults, referencePath } from './reference.js';
import { writeTarball } from './tarball.js';
import { mostTypicalRun } from './typical-run.js';

/** Complete engine runs made when recording a reference, of which the most typical is kept. */
const RECORDING_RUNS = 5;

export interface BuiltBundle {
  name: string;
  version: string;
  /** The bundle folder `<outDir>/<name>-<version>`. */
  folder: string;
  /** `<outDir>/<name>-<version>.tar.gz`. */
  tarball: string;
  tarballSha256: string;
  /** The bundle digest: SHA-256 of bundle.json's bytes. */
  manifestSha256: string;
}

export interface BuildOneOptions {
  outDir: string;
  /** Archive mtime; the recipe's `source_date_epoch` when absent. */
  sourceDateEpoch?: number;
  /** What expected/results.json holds: the recorded reference run, or this build's own run. */
  expected: 'recorded' | 'this-run';
  /** Also save this build's run as the recorded reference beside the recipe (implies 'this-run'). */
  record: boolean;
  /** The built single-file engine to ship; build/engine/mock-engine.mjs when absent. */
  engine?: string;
  /** Files supplied for the recipe's local sources, by id. */
  sources: SuppliedSources;
  step: (message: string) => void;
  warn: (message: string) => void;
}

async function referenceRun(
  folder: string,
  out: string,
  step: (message: string) => void,
  label = 'engine run',
): Promise<Results> {
  step(`reference run: ${label}`);
  await runEngine(folder, out);
  return readResults(out);
}

/** When recording: the most typical of RECORDING_RUNS complete runs, written to `out`. */
async function recordingRun(folder: string, out: string, step: (message: string) => void): Promise<Results> {
  const runs: Results[] = [];
  for (let i = 1; i <= RECORDING_RUNS; i++)
    runs.push(await referenceRun(folder, out, step, `engine run ${i} of ${RECORDING_RUNS}`));
  const chosen = mostTypicalRun(runs, out);
  await writeFile(out, canonicalJsonFile(chosen));
  return chosen;
}

/**
 * Swaps the staged outputs (folder, tarball, build results) into `outDir`, all or
 * nothing: an older build of the same bundle is first moved aside into the staging
 * folder, and when any rename fails, what was published goes back and the older
 * build returns, so `outDir` holds one whole build, never parts of two.
 */
export async function publish(staging: string, outDir: string, id: string): Promise<void> {
  const names = [id, `${id}.tar.gz`, `${id}.build-results.json`];
  const staged = [id, `${id}.tar.gz`, 'build-results.json'].map((name) => join(staging, name));
  const previous = join(staging, 'previous');
  await mkdir(previous);
  const moved: number[] = [];
  const published: number[] = [];
  try {
    for (const [i, name] of names.entries()) {
      if (!existsSync(join(outDir, name))) continue;
      await rename(join(outDir, name), join(previous, name));
      moved.push(i);
    }
    for (const [i, name] of names.entries()) {
      await rename(staged[i]!, join(outDir, name));
      published.push(i);
    }
  } catch (error) {
    for (const i of published.reverse()) await rename(join(outDir, names[i]!), staged[i]!).catch(() => undefined);
    for (const i of moved.reverse())
      await rename(join(previous, names[i]!), join(outDir, names[i]!)).catch(() => undefined);
    throw error;
  }
}

/**
 * Build one bundle in a staging directory inside `outDir`, renamed into place
 * only when complete: a failure at any step leaves nothing half-written.
 * Beside the bundle, `<id>.build-results.json` keeps this machine's own run
 * (with its CPU figures), which is not part of the bundle.
 */
export function buildOne(recipe: Recipe, recipeFile: string, opts: BuildOneOptions): Promise<BuiltBundle> {
  const outputs = [opts.outDir, ...(opts.record ? [referencePath(recipeFile)] : [])];
  return guardOutputs(outputs, () => buildStaged(recipe, recipeFile, opts));
}

async function buildStaged(recipe: Recipe, recipeFile: string, opts: BuildOneOptions): Promise<BuiltBundle> {
  const id = `${recipe.name}-${recipe.version}`;
  await mkdir(opts.outDir, { recursive: true });
  const staging = await mkdtemp(join(opts.outDir, `.staging-${id}-`));
  try {
    const folder = join(staging, id);
    await mkdir(folder);
    opts.step('writing data files');
    const files = await materialiseFiles(recipe, folder, recipeFile, opts.sources, (what) =>
      opts.step(`wrote ${what}`),
    );
    const enginePath = await copyEngine(folder, opts.engine);
    const engine = { sha256: await sha256File(enginePath), ...(await engineIdentity(enginePath)) };
    const manifest = buildManifest(recipe, files, engine);
    const manifestText = serialiseManifest(manifest, recipeFile);
    await writeFile(join(folder, 'bundle.json'), manifestText);
    const manifestSha256 = sha256Bytes(manifestText);
    if (manifest.distribution?.redistributable === false)
      opts.warn(`local build, not for publication: ${manifest.distribution.note}`);

    const liveFile = join(staging, 'build-results.json');
    const live = opts.record
      ? await recordingRun(folder, liveFile, opts.step)
      : await referenceRun(folder, liveFile, opts.step);
    let reference: Results = live;
    const origin = opts.record || opts.expected === 'recorded' ? 'recorded' : 'this-run';
    if (!opts.record && opts.expected === 'recorded') {
      reference = await readReference(recipeFile);
      checkReference(reference, live, referencePath(recipeFile));
      for (const warning of caqDrift(reference, live, recipe.tolerance.relative)) opts.warn(warning);
    }
    await mkdir(join(folder, 'expected'));
    await writeFile(join(folder, 'expected', 'results.json'), canonicalJsonFile(reference));
    await writeFile(join(folder, 'run_canonical.sh'), canonicalScript(manifest));
    await writeFile(join(folder, 'README.md'), bundleReadme(manifest, reference, origin, recipe.claims));

    opts.step('checksums and archive');
    await writeChecksums(folder);
    await normaliseModes(folder);
    const tarballSha256 = await writeTarball(
      folder,
      join(staging, `${id}.tar.gz`),
      opts.sourceDateEpoch ?? recipe.source_date_epoch,
    );
    await publish(staging, opts.outDir, id);
    if (opts.record) {
      // Only a run whose bundle was built completely becomes the reference.
      await mkdir(dirname(referencePath(recipeFile)), { recursive: true });
      await writeFileAtomic(referencePath(recipeFile), canonicalJsonFile(live));
      opts.step(`recorded ${referencePath(recipeFile)}`);
    }
    return {
      name: recipe.name,
      version: recipe.version,
      folder: join(opts.outDir, id),
      tarball: join(opts.outDir, `${id}.tar.gz`),
      tarballSha256,
      manifestSha256,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
