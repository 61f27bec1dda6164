import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecipe } from '../../harness/src/bundle/build.js';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { schemaFindings } from '../../harness/src/schema/findings.js';
import { caqbench, ensureBuilt, REPO } from '../e2e/cli.js';

/** The parts of bundle.json these tests read. */
type BundleJson = { files: { source: unknown }[]; distribution: Record<string, unknown> };

/**
 * A recipe with a local source, built through the real CLI from a file this
 * test generates: the mechanism a researcher uses for their own copy of a
 * standard corpus. Quick codecs and one timed run keep the engine's part short.
 */
let root: string;
let corpus: string;
let recipes: string;
let digest: string;
const SIZE = 48_000;

function recipe(sha256: string, redistributable: boolean): string {
  return `name: own_corpus
version: 1.0.0
description: A file the user supplies, pinned by digest.
source_date_epoch: 1767225600
files:
  - path: data/corpus.txt
    role: data
    kind: copy
    media_type: text/plain
    format: raw
    licence: LicenseRef-not-redistributable
    provenance: the test's generated corpus, supplied with --source corpus=PATH
    parts:
      - source:
          local: corpus
          sha256: "${sha256}"
          size: ${SIZE}
          redistributable: ${redistributable}
          description: a generated text file
    sha256: "${sha256}"
codecs:
  - codec: store
  - codec: deflate
    params: { level: 6 }
metrics: [compressed_bytes, ratio, compressed_sha256, caq]
limits: { max_file_bytes: 8388608, max_total_bytes: 67108864 }
run: { runs: 1, warmup: 0 }
`;
}

function build(out: string, ...args: string[]): ReturnType<typeof caqbench> {
  return caqbench(['build', 'own_corpus', '--recipes', recipes, '--out', join(root, out), ...args]);
}

beforeAll(async () => {
  await ensureBuilt();
  root = await mkdtemp(join(tmpdir(), 'caq-local-'));
  const words = ['whale', 'sea', 'ship', 'harpoon', 'ocean', 'captain', 'white', 'deep'];
  let state = 12345;
  let text = '';
  while (text.length < SIZE) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += `${words[state % words.length]} `;
  }
  corpus = join(root, 'corpus.txt');
  await writeFile(corpus, text.slice(0, SIZE));
  digest = createHash('sha256').update(text.slice(0, SIZE)).digest('hex');
  recipes = join(root, 'recipes');
  await mkdir(join(recipes, 'own_corpus'), { recursive: true });
  await writeFile(join(recipes, 'own_corpus', 'recipe.yaml'), recipe(digest, false));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a recipe with a local source (caqbench build --source)', () => {
  it('builds from the given file, records its identity and digest, and marks the bundle a local build', async () => {
    const run = await build('first', '--record', '--source', `corpus=${corpus}`);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('local build, not for publication');
    const folder = join(root, 'first', 'own_corpus-1.0.0');
    const manifest = JSON.parse(await readFile(join(folder, 'bundle.json'), 'utf8')) as Record<
      string,
      unknown
    > as BundleJson;
    expect(schemaFindings('bundle', 'bundle.json', manifest)).toEqual([]);
    expect(manifest.files[0].source).toEqual({ local: 'corpus', sha256: digest, size: SIZE, transform: 'whole file' });
    expect(manifest.distribution).toMatchObject({
      redistributable: false,
      local_sources: [
        { id: 'corpus', sha256: digest, size: SIZE, description: 'a generated text file', redistributable: false },
      ],
    });
    expect(await readFile(join(folder, 'data', 'corpus.txt'), 'utf8')).toBe(await readFile(corpus, 'utf8'));
    const readme = await readFile(join(folder, 'README.md'), 'utf8');
    expect(readme).toContain('**A local build: do not publish this folder or its archive.**');
    expect(readme).toContain('npx caqbench build own_corpus --source corpus=PATH');
    await execa('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: folder });

    // Built again from the recorded reference: byte-identical, so two holders of the file can compare digests.
    const again = await build('second', '--source', `corpus=${corpus}`);
    expect(again.exitCode, again.stderr).toBe(0);
    const [a, b] = await Promise.all(
      ['first', 'second'].map((d) => readFile(join(root, d, 'own_corpus-1.0.0.tar.gz'))),
    );
    expect(Buffer.compare(a!, b!)).toBe(0);
  });

  it('a redistributable local source gives a bundle the manifest lets pass on', async () => {
    const dir = join(root, 'open-recipes', 'own_corpus');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'recipe.yaml'), recipe(digest, true));
    const { buildBundles } = await import('../../harness/src/bundle/build.js');
    const [built] = await buildBundles({
      names: ['own_corpus'],
      recipesDir: join(root, 'open-recipes'),
      outDir: join(root, 'open'),
      expected: 'this-run',
      sources: new Map([['corpus', corpus]]),
    });
    const manifest = JSON.parse(await readFile(join(built!.folder, 'bundle.json'), 'utf8')) as Record<
      string,
      unknown
    > as BundleJson;
    expect(manifest.distribution.redistributable).toBe(true);
    expect(await readFile(join(built!.folder, 'README.md'), 'utf8')).not.toContain('A local build');
  });

  it('refuses a file with one byte changed (22), naming it and both digests, and writes nothing', async () => {
    const changed = join(root, 'changed.txt');
    const bytes = await readFile(corpus);
    bytes[SIZE >> 1] ^= 0x01;
    await writeFile(changed, bytes);
    const actual = createHash('sha256').update(bytes).digest('hex');
    const run = await build('changed', '--source', `corpus=${changed}`);
    expect(run.exitCode).toBe(EXIT_CODES.SOURCE_DIGEST_MISMATCH.status);
    expect(run.stderr).toContain(changed);
    expect(run.stderr).toContain(digest);
    expect(run.stderr).toContain(actual);
    expect(existsSync(join(root, 'changed')) ? await readdir(join(root, 'changed')) : []).toEqual([]);
  });

  it('refuses a missing file (21), naming the path and the pin', async () => {
    const gone = join(root, 'no-such-corpus.txt');
    const run = await build('missing', '--source', `corpus=${gone}`);
    expect(run.exitCode).toBe(EXIT_CODES.SOURCE_MISSING.status);
    expect(run.stderr).toContain(gone);
    expect(run.stderr).toContain(digest);
  });

  it('refuses a local source that was not supplied (21), saying how to supply it', async () => {
    const run = await build('unsupplied');
    expect(run.exitCode).toBe(EXIT_CODES.SOURCE_MISSING.status);
    expect(run.stderr).toContain("local source 'corpus' was not supplied");
    expect(run.stderr).toContain('--source corpus=PATH');
  });

  it('refuses an id no recipe uses, and a malformed --source, as usage errors', async () => {
    const typo = await build('typo', '--source', `corpsu=${corpus}`);
    expect(typo.exitCode).toBe(EXIT_CODES.USAGE.status);
    expect(typo.stderr).toContain('--source corpsu');
    const bad = await build('bad', '--source', corpus);
    expect(bad.exitCode).toBe(EXIT_CODES.USAGE.status);
    expect(bad.stderr).toContain('--source takes ID=PATH');
  });

  it('the documented example recipe (docs/examples/local_corpus) is a valid recipe with a local source', async () => {
    const example = await loadRecipe(join(REPO, 'docs', 'examples', 'local_corpus', 'recipe.yaml'));
    const sources = example.files.flatMap((f) => (f.kind === 'copy' ? f.parts.map((p) => p.source) : []));
    expect(sources.some((s) => 'local' in s)).toBe(true);
  });
});
