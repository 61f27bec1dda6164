import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import { packageRoot } from '../../harness/src/fs/package-root.js';
import { makeTestBundle, type TestBundle } from './fixtures.js';

const quick = { submitter: 't', runs: 1, warmup: 0, unstableThreshold: 100, referenceWorkload: false } as const;

let bundle: TestBundle;
let work: string;
beforeAll(async () => {
  const engine = join(packageRoot(), 'build', 'engine', 'mock-engine.mjs');
  if (!existsSync(engine)) await execa(process.execPath, [join(packageRoot(), 'scripts', 'build-engine.mjs')]);
  bundle = await makeTestBundle({ engine: await readFile(engine), only: ['noise', 'grad'] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-engine-codec-'));
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('built-in engine codecs run through the same protocol', () => {
  it("runs the bundle's own engine, with the engine's store as the start-up floor", async () => {
    const s = await runSubmission({
      ...quick,
      bundle: bundle.dir,
      codec: { kind: 'engine', codec: 'gzip', params: { level: '9' } },
    });
    expect(submissionSchemaFindings(s)).toEqual([]);
    expect(s.codec).toMatchObject({
      name: 'gzip',
      lossless: true,
      deterministic: true,
      command: ['node', 'engine/mock-engine.mjs'],
      engine_codec: { id: 'gzip', params: { level: '9' } },
    });
    expect(s.startup_floor.command).toEqual(['node', 'engine/mock-engine.mjs']);
    expect(s.runs[0]!.files.map((f) => [f.file, f.roundtrip, f.failure])).toEqual(
      bundle.dataFiles.map((f) => [f, 'identical', null]),
    );
    expect(s.reproduce).toContain('--engine-codec gzip --param level=9');
  });

  it('resolves path parameters against the bundle folder, and runs tensor codecs on .npy files only', async () => {
    const log = join(work, 'argv.log');
    const fake = join(work, 'fake-engine.mjs');
    await writeFile(
      fake,
      `import { appendFileSync, copyFileSync } from 'node:fs';
const args = process.argv.slice(2);
if (args[0] === 'info') {
  console.log(JSON.stringify({ name: 'fake', version: '0', codecs: [
    { id: 'store', version: '1', lossless: true, adaptive: false, input: 'bytes', params: [] },
    { id: 'learned', version: '3', lossless: true, adaptive: true, input: 'tensor', params: [{ name: 'weights', type: 'path' }, { name: 'level', type: 'int' }] }] }));
} else {
  appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
  copyFileSync(args.at(-2), args.at(-1));
}
`,
    );
    const s = await runSubmission({
      ...quick,
      bundle: bundle.dir,
      codec: { kind: 'engine', codec: 'learned', engine: fake, params: { weights: 'model/w.json', level: '3' } },
    });
    expect(s.codec).toMatchObject({ name: 'learned', version: '3', adaptive: true });
    expect(s.runs[0]!.files.map((f) => [f.file, f.roundtrip])).toEqual([['data/grad.npy', 'identical']]);
    const calls = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    const compress = calls.find((c) => c[0] === 'compress' && c[2] === 'learned')!;
    expect(compress.slice(0, 7)).toEqual([
      'compress',
      '--codec',
      'learned',
      '--param',
      'level=3',
      '--param',
      `weights=${join(bundle.dir, 'model/w.json')}`,
    ]);
    expect(calls.some((c) => c[0] === 'decompress' && c.length === 3)).toBe(true);
  });

  it('names the known codecs when the engine has no such codec', async () => {
    await expect(
      runSubmission({ ...quick, bundle: bundle.dir, codec: { kind: 'engine', codec: 'nope' } }),
    ).rejects.toMatchObject({ code: 'CODEC_INFO_INVALID', hint: expect.stringContaining('gzip') });
  });
});
