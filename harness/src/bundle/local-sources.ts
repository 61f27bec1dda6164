import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CaqError } from '../errors.js';
import { sha256File } from './hash.js';
import type { LocalSource, Recipe } from './recipe-types.js';

/**
 * Files the user already has (a standard corpus, their own data), supplied at
 * build time as `--source <id>=<path>` and pinned by the recipe by SHA-256 and
 * size. Nothing is ever fetched: a source not supplied, or not on disk, is
 * missing; one whose size or digest differs is refused before any byte of it
 * is used.
 */
export type SuppliedSources = ReadonlyMap<string, string>;

export function isLocalSource(source: object): source is LocalSource {
  return 'local' in source;
}

/** Every local source of the recipe's copied files, in recipe order, once per id. */
export function localSourcesOf(recipe: Recipe): LocalSource[] {
  const found = new Map<string, LocalSource>();
  for (const entry of recipe.files) {
    if (entry.kind !== 'copy') continue;
    for (const part of entry.parts)
      if (isLocalSource(part.source) && !found.has(part.source.local)) found.set(part.source.local, part.source);
  }
  return [...found.values()];
}

/** `local:<id>`, the spelling manifests and messages use. */
export function localSpec(source: LocalSource): string {
  return `local:${source.local}`;
}

/** The supplied file of a local source, after checking its size and SHA-256 against the pin. */
export async function verifiedLocalSource(
  source: LocalSource,
  supplied: SuppliedSources,
  recipeFile: string,
): Promise<string> {
  const pin = `sha256 ${source.sha256}, ${source.size} bytes`;
  const file = supplied.get(source.local);
  if (file === undefined) {
    throw new CaqError('SOURCE_MISSING', `local source '${source.local}' was not supplied (the recipe pins ${pin})`, {
      file: recipeFile,
      field: 'source',
      hint: `pass --source ${source.local}=PATH to the file you have; caqbench never fetches it`,
    });
  }
  if (!existsSync(file) || !(await stat(file)).isFile()) {
    throw new CaqError(
      'SOURCE_MISSING',
      `local source '${source.local}': ${file} does not exist or is not a file (the recipe pins ${pin})`,
      {
        file,
        hint: `check the path given to --source ${source.local}=`,
      },
    );
  }
  const size = (await stat(file)).size;
  const actual = await sha256File(file);
  if (actual !== source.sha256 || size !== source.size) {
    throw new CaqError(
      'SOURCE_DIGEST_MISMATCH',
      `local source '${source.local}': ${file} does not match its pin: the recipe pins ${pin}, the file is sha256 ${actual}, ${size} bytes`,
      {
        file,
        field: 'sha256',
        hint: 'supply the exact file the recipe was written for (another edition or a re-encoded copy differs)',
      },
    );
  }
  return file;
}

/** Supplied ids that no recipe being built uses: a typo would otherwise go unnoticed until the build wants the source. */
export function unusedSources(supplied: SuppliedSources, recipes: Recipe[]): string[] {
  const used = new Set(recipes.flatMap((r) => localSourcesOf(r).map((s) => s.local)));
  return [...supplied.keys()].filter((id) => !used.has(id));
}
