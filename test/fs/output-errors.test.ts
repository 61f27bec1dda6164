import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../harness/src/bundle/build-one.js';
import { main } from '../../harness/src/cli/main.js';
import { CaqError, exitStatusFor } from '../../harness/src/errors.js';
import { asOutputError, checkOutputWritable, writeOutput } from '../../harness/src/fs/output.js';
import { writeKeyPair } from '../../harness/src/signing/write-key-pair.js';
import { extractBundleTarball } from '../../harness/src/submit/extract-tarball.js';
import { captureIO } from '../cli/capture-io.js';

let root: string;
/** A regular file: anything "inside" it fails with ENOTDIR, for root too (unlike a chmod). */
let file: string;
let trusted: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'caq-output-'));
  file = join(root, 'a-file');
  writeFileSync(file, 'not a folder\n');
  const keys = await writeKeyPair(join(root, 'keys'));
  trusted = join(root, 'maintainers.pub');
  writeFileSync(trusted, `${keys.trustedLine}\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function errno(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, ...(path === undefined ? {} : { path }) });
}

describe('an output that cannot be written', () => {
  it('is OUTPUT_UNWRITABLE (exit 73) naming the path and the reason, for each errno class', () => {
    for (const [code, reason] of [
      ['EACCES', 'permission denied'],
      ['ENOTDIR', 'not a folder'],
      ['EISDIR', 'a folder is in the way'],
      ['ENOSPC', 'no space left'],
      ['EROFS', 'read-only'],
    ] as const) {
      const error = asOutputError(errno(code, '/out/dir/x.json'), ['/out/dir']) as CaqError;
      expect(error).toBeInstanceOf(CaqError);
      expect(error).toMatchObject({ code: 'OUTPUT_UNWRITABLE', file: '/out/dir/x.json' });
      expect(error.message).toContain(reason);
      expect(exitStatusFor(error.code)).toBe(73);
    }
    // write(2) failing for lack of space names no path: the output being written is named.
    expect(asOutputError(errno('ENOSPC'), ['/out/r.json'])).toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      file: '/out/r.json',
    });
    // Not ours: a path outside the outputs, or an error that is no write failure, passes through.
    const input = errno('EACCES', '/in/data.bin');
    expect(asOutputError(input, ['/out'])).toBe(input);
    const other = errno('ECONNRESET', '/out/x');
    expect(asOutputError(other, ['/out'])).toBe(other);
  });

  it('is found before the work by checkOutputWritable, which creates nothing', async () => {
    await expect(checkOutputWritable(join(file, 'sub', 'r.json'))).rejects.toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      file,
    });
    await expect(checkOutputWritable(root)).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', file: root });
    await expect(checkOutputWritable(join(root, 'new', 'deeper', 'r.json'))).resolves.toBeUndefined();
    expect(existsSync(join(root, 'new'))).toBe(false);
  });

  it('is written through a temp file: a failed write leaves the old file and no debris', async () => {
    const out = join(root, 'kept', 'r.json');
    await writeOutput(out, 'old\n');
    mkdirSync(join(root, 'kept', 'r.json.d'));
    await expect(writeOutput(join(root, 'kept', 'r.json.d'), 'new\n')).rejects.toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
    });
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    expect(readdirSync(join(root, 'kept')).sort()).toEqual(['r.json', 'r.json.d']);
  });
});

describe('every command names an unwritable output (exit 73, the path, no stack trace)', () => {
  const under = (name: string): string => join(file, name);
  const cases: Array<[string, () => string[]]> = [
    ['build', () => ['build', 'text_medium', '--out', under('dist')]],
    ['check', () => ['check', 'text_medium', '--out', under('dist')]],
    // Checked before the codec runs: the bundle given does not even exist.
    [
      'submit',
      () => [
        'submit',
        '--bundle',
        join(root, 'no-bundle'),
        '--codec-cmd',
        'false',
        '--submitter',
        's',
        '--out',
        under('s.json'),
      ],
    ],
    ['validate', () => [join(root, 'no-submission.json'), '--out', under('r.json')]],
    ['keygen', () => ['keygen', '--out', under('keys')]],
    [
      'leaderboard',
      () => ['leaderboard', '--reports', join(root, 'reports'), '--keys', trusted, '--out', under('board')],
    ],
  ];
  for (const [name, argv] of cases) {
    it(name, async () => {
      const io = captureIO(root);
      const args = argv();
      const status = await main(name === 'validate' ? ['validate', ...args] : args, io);
      // check reports each bundle's failure in its table; the others print the error itself.
      const said = io.err + io.out;
      expect(said).toMatch(
        name === 'check'
          ? /FAILED: cannot write .*\(ENOTDIR\)/
          : /error \[OUTPUT_UNWRITABLE\]: cannot write .*\(ENOTDIR\)/,
      );
      expect(said).toContain(file);
      expect(said).not.toMatch(/\n\s+at /);
      expect(status).toBe(73);
    });
  }
});

describe('no temp folder is left behind', () => {
  it('when a tarball fails to unpack', async () => {
    const scratch = mkdtempSync(join(root, 'tmp-'));
    const bad = join(root, 'bad.tar.gz');
    writeFileSync(bad, Buffer.from('this is not gzip at all'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      await expect(extractBundleTarball(bad)).rejects.toMatchObject({ code: 'VERIFY_ARCHIVE_CORRUPT' });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('publishing a built bundle', () => {
  function stage(dir: string, id: string, tag: string, complete = true): void {
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, 'bundle.json'), tag);
    writeFileSync(join(dir, `${id}.tar.gz`), tag);
    if (complete) writeFileSync(join(dir, 'build-results.json'), tag);
  }
  const published = (outDir: string, id: string): string[] => [
    readFileSync(join(outDir, id, 'bundle.json'), 'utf8'),
    readFileSync(join(outDir, `${id}.tar.gz`), 'utf8'),
    readFileSync(join(outDir, `${id}.build-results.json`), 'utf8'),
  ];

  it('replaces the older build whole', async () => {
    const outDir = mkdtempSync(join(root, 'dist-'));
    const [older, newer] = [join(outDir, '.s1'), join(outDir, '.s2')];
    stage(older, 'b-1', 'old');
    await publish(older, outDir, 'b-1');
    stage(newer, 'b-1', 'new');
    await publish(newer, outDir, 'b-1');
    expect(published(outDir, 'b-1')).toEqual(['new', 'new', 'new']);
  });

  it('is all or nothing: a failed step puts the older build back as it was', async () => {
    const outDir = mkdtempSync(join(root, 'dist-'));
    const [older, broken] = [join(outDir, '.s1'), join(outDir, '.s2')];
    stage(older, 'b-1', 'old');
    await publish(older, outDir, 'b-1');
    stage(broken, 'b-1', 'new', false);
    await expect(publish(broken, outDir, 'b-1')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(published(outDir, 'b-1')).toEqual(['old', 'old', 'old']);
    expect(readFileSync(join(broken, 'b-1', 'bundle.json'), 'utf8')).toBe('new');
  });
});
