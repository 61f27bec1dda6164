import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIO } from '../cli/capture-io.js';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { main } from '../../harness/src/cli/main.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import type { Submission } from '../../harness/src/submit/types.js';
import { packageRoot } from '../../harness/src/fs/package-root.js';
import { makeTestBundle, tarBundle, writeCodec, type TestBundle } from './fixtures.js';

let bundle: TestBundle;
let work: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose', 'noise'] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-submit-cli-'));
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const quick = ['--runs', '1', '--warmup', '0', '--unstable-threshold', '100'];

describe('caqbench submit', () => {
  it('runs a wrapper from a tarball bundle, writes a valid submission and exits 0', async () => {
    const io = captureIO(work);
    const tarball = await tarBundle(bundle);
    // Run from the package folder so the relative wrapper path resolves as a user would type it.
    const status = await main(
      [
        'submit',
        '--bundle',
        tarball,
        '--codec-cmd',
        'harness/wrappers/gzip',
        '--submitter',
        'ci',
        '--out',
        join(work, 'gzip.json'),
        ...quick,
      ],
      {
        ...io,
        cwd: packageRoot(),
      },
    );
    expect(io.err).not.toContain('FAILED');
    expect(status).toBe(0);
    const written = JSON.parse(await readFile(join(work, 'gzip.json'), 'utf8')) as Submission;
    expect(submissionSchemaFindings(written)).toEqual([]);
    expect(written.codec.command).toEqual(['harness/wrappers/gzip']);
    expect(written.bundle.name).toBe('submit_test');
    // One reference sample paired with every counted call, named in the row it belongs to.
    const rows = written.runs.flatMap((r) => r.files);
    expect(written.reference?.cpu_s.samples).toEqual(rows.flatMap((f) => [f.encode_ref_cpu_s, f.decode_ref_cpu_s]));
    expect(rows.every((f) => f.encode_ref_cpu_s! > 0 && f.decode_ref_cpu_s! > 0)).toBe(true);
    expect(written.claimed.normalised?.reference_s).toBe(written.reference?.cpu_s.median);
    expect(written.reproduce).toContain(`--codec-cmd '["harness/wrappers/gzip"]'`);
    expect(io.out).toMatch(/ratio \d+\.\d+, CPU \d+\.\d+ s \(raw\), CAQ/);
    expect(io.out).toMatch(/caq_norm \d+\.\d+, caq_norm variance \d+\.\d+% \(the gated figure\)/);
  });

  it('writes the submission with its failure rows and exits CODEC_RUNS_FAILED when calls fail', async () => {
    const codec = await writeCodec(
      work,
      'segv',
      { name: 'segv', version: '1', lossless: true },
      '  compress|decompress) kill -SEGV $$ ;;',
    );
    const io = captureIO(work);
    const status = await main(
      ['submit', '--bundle', bundle.dir, '--codec-cmd', codec, '--submitter', 'ci', '--out', 'segv.json', ...quick],
      io,
    );
    expect(status).toBe(EXIT_CODES.CODEC_RUNS_FAILED.status);
    const written = JSON.parse(await readFile(join(work, 'segv.json'), 'utf8')) as Submission;
    expect(written.runs[0]!.files.map((f) => f.failure?.reason)).toEqual(['crash', 'crash']);
    expect(io.err).toContain('FAILED crash (compress)');
  });

  it('exits CODEC_INFO_INVALID on a bad info and leaves an earlier submission untouched', async () => {
    const out = join(work, 'keep.json');
    await writeFile(out, '{"earlier": true}\n');
    const codec = await writeCodec(
      work,
      'noversion',
      { name: 'noversion', lossless: true },
      '  compress|decompress) exit 0 ;;',
    );
    const io = captureIO(work);
    const status = await main(
      ['submit', '--bundle', bundle.dir, '--codec-cmd', codec, '--submitter', 'ci', '--out', out, ...quick],
      io,
    );
    expect(status).toBe(EXIT_CODES.CODEC_INFO_INVALID.status);
    expect(io.err).toContain("'version' must be a non-empty string");
    expect(await readFile(out, 'utf8')).toBe('{"earlier": true}\n');
  });

  it('refuses a bundle whose data no longer matches its manifest, before running anything', async () => {
    const copy = await makeTestBundle({ only: ['noise'] });
    await writeFile(join(copy.dir, 'data/noise.bin'), 'tampered');
    const io = captureIO(work);
    const status = await main(
      ['submit', '--bundle', copy.dir, '--codec-cmd', 'true', '--submitter', 'ci', '--out', 'x.json'],
      io,
    );
    await rm(copy.root, { recursive: true, force: true });
    expect(status).toBe(EXIT_CODES.VERIFY_DIGEST_MISMATCH.status);
    expect(existsSync(join(work, 'x.json'))).toBe(false);
  });

  it.each([
    [['--codec-cmd', 'gzip', '--engine-codec', 'store']],
    [['--codec-cmd', 'gzip', '--runs', 'three']],
    [['--codec-cmd', 'gzip', '--cpu-clock', 'sundial']],
  ])('rejects bad options %j with the usage status', async (extra) => {
    const io = captureIO(work);
    const status = await main(['submit', '--bundle', bundle.dir, '--submitter', 'ci', '--out', 'x.json', ...extra], io);
    expect(status).toBe(EXIT_CODES.USAGE.status);
  });
});
