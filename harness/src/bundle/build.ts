import { resolve } from 'node:path';
import type { ProgressEvent } from '../progress/events.js';
import { CaqError } from '../errors.js';
import { buildOne, type BuiltBundle } from './build-one.js';
import { requireBuiltEngine } from './engine.js';
import { unusedSources, type SuppliedSources } from './local-sources.js';
import { defaultRecipesDir } from './paths.js';
import { loadRecipe, recipesNamed } from './recipe.js';

export type { BuiltBundle } from './build-one.js';
export { listRecipes, loadRecipe, recipesNamed } from './recipe.js';
export { sha256File } from './hash.js';
export { writeTarball } from './tarball.js';
export { writeChecksums } from './checksums.js';

export interface BuildOptions {
  /** Bundles to build, by name; every recipe of `recipesDir` when absent or empty. */
  names?: string[];
  outDir: string;
  /** Default: the repository's `bundles/`. */
  recipesDir?: string;
  /** Archive mtime for every bundle (e.g. from SOURCE_DATE_EPOCH); each recipe's own when absent. */
  sourceDateEpoch?: number;
  /**
   * What each bundle's expected/results.json holds. 'recorded' (default): the
   * reference run recorded beside the recipe (bundles/<name>/expected/results.json),
   * which this build's run must match on every deterministic figure; the archive
   * is byte-reproducible. 'this-run': this build's own run, CPU figures included,
   * so two builds differ; for tests that need a real bundle whatever the recording.
   */
  expected?: 'recorded' | 'this-run';
  /** Save this build's run as each bundle's recorded reference (implies expected 'this-run'). */
  record?: boolean;
  /** The built single-file engine to ship; the repository's build/engine/mock-engine.mjs when absent. */
  engine?: string;
  /** Files for the recipes' local sources, by id (`--source <id>=<path>`); an id no recipe being built uses is refused. */
  sources?: SuppliedSources;
  onProgress?: (e: ProgressEvent) => void;
}

/**
 * Build bundles from their recipes, one after another, each into
 * `<outDir>/<name>-<version>/` and `<outDir>/<name>-<version>.tar.gz`.
 * Stops at the first failure (a release is all or nothing), reporting it as a
 * `fail` event before throwing; bundles built before it stay in place.
 */
export async function buildBundles(opts: BuildOptions): Promise<BuiltBundle[]> {
  const recipesDir = resolve(opts.recipesDir ?? defaultRecipesDir());
  const outDir = resolve(opts.outDir);
  const recipes = await recipesNamed(opts.names ?? [], recipesDir);
  // Fail before any work rather than after the data files of the first bundle.
  requireBuiltEngine(opts.engine);
  const sources = opts.sources ?? new Map<string, string>();
  if (sources.size > 0) {
    const loaded = await Promise.all(recipes.map((r) => loadRecipe(r.path)));
    const unused = unusedSources(sources, loaded);
    if (unused.length > 0) {
      throw new CaqError(
        'USAGE',
        `--source ${unused.join(', ')}: no recipe being built (${recipes.map((r) => r.name).join(', ')}) has a local source of that id`,
        {
          hint: "the ids are the `local:` fields of the recipes' sources",
        },
      );
    }
  }
  const emit = opts.onProgress ?? ((): void => undefined);
  const built: BuiltBundle[] = [];
  for (const { name, path } of recipes) {
    const started = Date.now();
    emit({ task: name, status: 'start', message: `building ${name}` });
    try {
      const recipe = await loadRecipe(path);
      const bundle = await buildOne(recipe, path, {
        outDir,
        sourceDateEpoch: opts.sourceDateEpoch,
        expected: opts.expected ?? 'recorded',
        record: opts.record ?? false,
        engine: opts.engine,
        sources,
        step: (message) => emit({ task: name, status: 'step', message }),
        warn: (message) => emit({ task: name, status: 'warn', message }),
      });
      built.push(bundle);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      emit({ task: name, status: 'done', message: `${bundle.tarball} (${seconds} s)` });
    } catch (error) {
      emit({
        task: name,
        status: 'fail',
        message: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      });
      throw error;
    }
  }
  return built;
}
