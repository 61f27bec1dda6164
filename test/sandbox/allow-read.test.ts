import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { makeTestBundle, writeCodec, type TestBundle } from '../submit/fixtures.js';

/** A codec that needs a file outside its folder (a model) sees it only through --allow-read, which is recorded. */
let bundle: TestBundle;
let root: string;
let codec: string;
let models: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose'] });
  root = await mkdtemp(join(tmpdir(), 'caqbench-allow-'));
  await chmod(root, 0o755);
  models = join(root, 'models');
  await mkdir(models, { mode: 0o755 });
  await writeFile(join(models, 'model.bin'), 'weights', { mode: 0o644 });
  await mkdir(join(root, 'codec'), { mode: 0o755 });
  const model = JSON.stringify(join(models, 'model.bin'));
  codec = await writeCodec(
    join(root, 'codec'),
    'needs-model',
    { name: 'm', version: '1', lossless: true },
    `  compress|decompress) cat -- ${model} > /dev/null; exec cat -- "$2" > "$3" ;;`,
  );
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

const submit = (sandbox: { allowRead?: string[]; maxMemoryBytes?: number }) =>
  runSubmission({
    bundle: bundle.dir,
    codec: { kind: 'command', argv: [codec] },
    submitter: 't',
    runs: 1,
    warmup: 0,
    referenceWorkload: false,
    unstableThreshold: 100,
    sandbox,
    cwd: root,
  });

describe('--allow-read', () => {
  it('without it, a file outside the codec folder is not there', async () => {
    const s = await submit({});
    expect(s.runs[0]!.files[0]!.failure).toMatchObject({ reason: 'nonzero-exit' });
    expect(s.runs[0]!.files[0]!.failure!.log_tail).toContain('No such file or directory');
  });

  it('shows the path read-only, records it, and puts it and a non-default limit in the reproduce line', async () => {
    const s = await submit({ allowRead: ['models'], maxMemoryBytes: 1 << 30 });
    expect(s.runs[0]!.files[0]!.failure).toBeNull();
    expect(s.sandbox).toMatchObject({ sealed: true, allow_read: [models], limits: { max_memory_bytes: 1 << 30 } });
    expect(s.reproduce).toContain(`--allow-read ${models}`);
    expect(s.reproduce).toContain(`--max-memory ${1 << 30}`);
  });

  it('refuses a path that does not exist, or one that would show the folder the calls run in', async () => {
    await expect(submit({ allowRead: ['missing'] })).rejects.toThrow(/--allow-read .*missing does not exist/);
    await expect(submit({ allowRead: [tmpdir()] })).rejects.toThrow(/where the calls run/);
  });

  it("runs an interpreter's script only with its folder allowed, and says so when it is not", async () => {
    const dir = join(root, 'pyc');
    await mkdir(dir, { mode: 0o755 });
    const script = join(dir, 'codec.py');
    const py = [
      'import shutil, sys',
      'if sys.argv[1] == "info": print(\'{"name": "py", "version": "1", "lossless": true}\')',
      'else: shutil.copyfile(sys.argv[2], sys.argv[3])',
    ];
    await writeFile(script, `${py.join('\n')}\n`, { mode: 0o644 });
    const run = (allowRead: string[]) =>
      runSubmission({
        bundle: bundle.dir,
        codec: { kind: 'command', argv: ['/usr/bin/python3', script] },
        submitter: 't',
        runs: 1,
        warmup: 0,
        referenceWorkload: false,
        unstableThreshold: 100,
        sandbox: { allowRead },
        cwd: root,
      });
    await expect(run([])).rejects.toMatchObject({
      code: 'CODEC_INFO_INVALID',
      hint: expect.stringMatching(/can't open file[\s\S]*--allow-read <its folder>/),
    });
    const s = await run([dir]);
    expect(s.runs[0]!.files[0]!.failure).toBeNull();
  });
});
