import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRecipes, loadRecipe } from '../../harness/src/bundle/build.js';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';
import { platformRestrictions, recipePackages } from '../../harness/src/bundle/portable.js';
import { packageDir } from '../../harness/src/bundle/sources.js';

const root = join(import.meta.dirname, '..', '..');

async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

describe('platformRestrictions', () => {
  it('names every target platform a package excludes, by the field that excludes it, and optional lockfile entries', () => {
    // What @parcel/watcher-linux-x64-glibc@2.6.0 declares, which made mixed_stream 1.0.0 linux/x64/glibc only.
    const parcel = {
      name: '@parcel/watcher-linux-x64-glibc',
      version: '2.6.0',
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
    };
    expect(platformRestrictions(parcel, 'p')).toEqual([
      'p: does not install on linux/x64/musl ("libc": ["glibc"])',
      'p: does not install on linux/arm64/glibc ("cpu": ["x64"])',
      'p: does not install on linux/arm64/musl ("cpu": ["x64"], "libc": ["glibc"])',
      'p: does not install on darwin/x64 ("os": ["linux"], "libc": ["glibc"])',
      'p: does not install on darwin/arm64 ("os": ["linux"], "cpu": ["x64"], "libc": ["glibc"])',
      'p: does not install on win32/x64 ("os": ["linux"], "libc": ["glibc"])',
      'p: does not install on win32/arm64 ("os": ["linux"], "cpu": ["x64"], "libc": ["glibc"])',
    ]);
    expect(platformRestrictions({ version: '1.0.0', optional: true, dev: true }, 'lock')).toEqual([
      'lock: "optional": true, so npm may skip it',
    ]);
    expect(platformRestrictions({ os: '!win32' }, 'p')).toEqual([
      'p: does not install on win32/x64 ("os": "!win32")',
      'p: does not install on win32/arm64 ("os": "!win32")',
    ]);
  });

  it('passes a package without restrictions, or whose lists allow every target (as @stdlib packages declare)', () => {
    expect(platformRestrictions({ name: 'sql.js', version: '1.17.0', license: 'MIT', dev: true }, 'p')).toEqual([]);
    const stdlib = { os: ['aix', 'darwin', 'freebsd', 'linux', 'macos', 'openbsd', 'sunos', 'win32', 'windows'] };
    expect(platformRestrictions(stdlib, 'p')).toEqual([]);
    expect(platformRestrictions({ cpu: ['any'], os: ['!aix'] }, 'p')).toEqual([]);
  });
});

describe('every npm package a recipe reads installs on every platform', async () => {
  const lock = (await json(join(root, 'package-lock.json'))) as { packages: Record<string, Record<string, unknown>> };
  const manifest = (await json(join(root, 'package.json'))) as { devDependencies?: Record<string, string> };
  const recipes = await Promise.all(
    (await listRecipes(defaultRecipesDir())).map(async (r) => ({ ...r, recipe: await loadRecipe(r.path) })),
  );

  it('covers every recipe, each with at least one package', () => {
    expect(recipes.length).toBeGreaterThan(0);
    for (const r of recipes)
      if (r.recipe.files.some((f) => f.kind !== 'synthetic' && f.kind !== 'train'))
        expect(recipePackages(r.recipe), r.name).not.toEqual([]);
  });

  for (const r of recipes) {
    it(`${r.name}: its packages are exact devDependencies, locked and installed without os/cpu/libc restriction`, async () => {
      for (const p of recipePackages(r.recipe)) {
        expect(manifest.devDependencies?.[p.package], `${p.package} in package.json devDependencies`).toBe(p.version);
        const entry = lock.packages[`node_modules/${p.package}`];
        expect(entry?.version, `${p.package} in package-lock.json`).toBe(p.version);
        const installed = await json(join(await packageDir(p.package, p.version, r.path), 'package.json'));
        expect([
          ...platformRestrictions(entry!, `package-lock.json node_modules/${p.package}`),
          ...platformRestrictions(installed, `${p.package}/package.json`),
        ]).toEqual([]);
      }
    });
  }
});
