import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CaqError } from '../errors.js';
import { sha256File } from './hash.js';
import { packageRoot } from '../fs/package-root.js';
import type { PackageSource } from './recipe-types.js';

/** `npm:<name>@<version>`, the spelling manifests use. */
export function packageSpec(source: { package: string; version: string }): string {
  return `npm:${source.package}@${source.version}`;
}

/**
 * The installed directory of a pinned package, looked up the way Node does
 * (node_modules of the project root and its parents); never fetched. A missing
 * package or another version means `npm ci` has not been run on this lockfile.
 */
export async function packageDir(name: string, version: string, recipeFile: string): Promise<string> {
  let dir = packageRoot();
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      const found = (JSON.parse(await readFile(join(candidate, 'package.json'), 'utf8')) as { version?: string })
        .version;
      if (found !== version) {
        throw new CaqError(
          'SOURCE_MISSING',
          `${name}@${version} is pinned by the recipe but ${name}@${found} is installed`,
          {
            file: recipeFile,
            hint: 'npm ci (installs the versions of package-lock.json)',
          },
        );
      }
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new CaqError('SOURCE_MISSING', `data package ${name}@${version} is not installed`, {
    file: recipeFile,
    hint: 'npm ci (the data packages are devDependencies)',
  });
}

/** Path of a source file after checking it against its pinned SHA-256. */
export async function verifiedSource(source: PackageSource, recipeFile: string): Promise<string> {
  const file = join(await packageDir(source.package, source.version, recipeFile), source.path);
  if (!existsSync(file)) {
    throw new CaqError('SOURCE_MISSING', `${packageSpec(source)} has no file ${source.path}`, {
      file: recipeFile,
      hint: 'npm ci; check the path in the recipe',
    });
  }
  const actual = await sha256File(file);
  if (actual !== source.sha256) {
    throw new CaqError(
      'SOURCE_DIGEST_MISMATCH',
      `${packageSpec(source)}/${source.path} does not match its pinned SHA-256: recipe pins ${source.sha256}, the file is ${actual}`,
      {
        file,
        field: 'sha256',
        hint: `the installed package differs from the one the recipe ${recipeFile} was written for; npm ci, or review and re-pin`,
      },
    );
  }
  return file;
}
