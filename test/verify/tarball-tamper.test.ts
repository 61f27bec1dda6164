import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../harness/src/errors.js';
import { verifyExitStatus } from '../../harness/src/verify/exit-status.js';
import type { VerifyReport } from '../../harness/src/verify/types.js';
import { verifyBundle } from '../../harness/src/verify/verify-bundle.js';
import { REPO } from '../e2e/cli.js';
import { builtBundle } from './bundle-under-test.js';
import { type CraftEntry, folderEntries, gzip, header, tarOf } from './tar-craft.js';

let work: string;
let tarball: string;
let top: string;
let entries: CraftEntry[];
let cases = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'caq-verify-tar-'));
  const built = await builtBundle(work);
  tarball = built.tarball;
  top = basename(built.folder);
  entries = await folderEntries(built.folder, top);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes a crafted archive into its own folder, so the test can watch that folder's parent. */
async function archive(bytes: Uint8Array): Promise<string> {
  const file = join(work, `case-${++cases}.tar.gz`);
  await writeFile(file, bytes);
  return file;
}
const codes = (r: VerifyReport) => [...new Set(r.findings.map((f) => f.code))].sort();
const dataEntry = (): CraftEntry =>
  entries.find((e) => e.path.includes('/data/') && e.data !== undefined) as CraftEntry;

describe('verify of a bundle tarball', () => {
  it('passes the untouched tarball', async () => {
    const report = await verifyBundle(tarball);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, kind: 'tarball', manifest: 'found', checksumFile: 'SHA256SUMS' });
    // Every file but SHA256SUMS itself (the first entry is the top folder).
    expect(report.files_checked).toBe(entries.length - 2);
  });

  it('catches a flipped byte inside the archive', async () => {
    const target = dataEntry();
    const damaged = entries.map((e) =>
      e === target ? { ...e, data: Buffer.from(e.data as Uint8Array).map((b, i) => (i === 7 ? b ^ 1 : b)) } : e,
    );
    const report = await verifyBundle(await archive(gzip(tarOf(damaged))));
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_DIGEST_MISMATCH', path: target.path.slice(top.length + 1) }),
    ]);
  });

  it.each<[string, CraftEntry, RegExp]>([
    [
      'a symlink',
      { path: 'TOP/data/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' },
      /symbolic link to '\/etc\/passwd'/,
    ],
    ['a hardlink', { path: 'TOP/data/hard', type: 'Link', linkpath: '/etc/passwd' }, /hardlink/],
    ['a FIFO', { path: 'TOP/data/fifo', type: 'FIFO' }, /FIFO/],
    ['a character device', { path: 'TOP/data/null', type: 'CharacterDevice' }, /character device/],
  ])('refuses %s entry', async (_label, extra, message) => {
    const crafted = { ...extra, path: extra.path.replace('TOP', top) };
    const report = await verifyBundle(await archive(gzip(tarOf([...entries, crafted]))));
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_UNSAFE_ENTRY', message: expect.stringMatching(message) }),
    ]);
    expect(verifyExitStatus(report)).toBe(exitStatusFor('VERIFY_UNSAFE_ENTRY'));
  });

  it.each([
    ['an absolute path', () => `/tmp/caq-escape-${process.pid}-abs`],
    ['a ../ path', () => `${top}/../../caq-escape-${process.pid}-dotdot`],
    ['a path outside the top folder', () => `caq-escape-${process.pid}-beside`],
  ])('refuses %s and writes nothing outside', async (_label, path) => {
    const before = await readdir(work);
    const tmpBefore = await readdir(tmpdir());
    const file = await archive(gzip(tarOf([...entries, { path: path(), data: Buffer.from('escaped!\n') }])));
    const report = await verifyBundle(file);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'VERIFY_UNSAFE_ENTRY', path: path() })]);
    expect(await readdir(work)).toEqual([...before, basename(file)].sort());
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('caq-escape-'))).toEqual(
      tmpBefore.filter((n) => n.startsWith('caq-escape-')),
    );
  });

  it('refuses a duplicate entry, and keeps reporting the rest', async () => {
    const target = dataEntry();
    const report = await verifyBundle(
      await archive(gzip(tarOf([...entries, { path: target.path, data: Buffer.from('second copy') }]))),
    );
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_UNSAFE_ENTRY', message: expect.stringMatching(/duplicate/) }),
    ]);
  });

  it('catches a truncated gzip', async () => {
    const whole = await readFile(tarball);
    const report = await verifyBundle(await archive(whole.subarray(0, Math.floor(whole.length * 0.6))));
    expect(report.findings[0]).toMatchObject({
      code: 'VERIFY_ARCHIVE_CORRUPT',
      message: expect.stringMatching(/gzip: unexpected end of file/),
    });
    // Files after the cut are not "missing": the archive is. Only the corruption decides the status.
    expect(report.findings.some((f) => f.code === 'VERIFY_FILE_MISSING')).toBe(false);
    expect(verifyExitStatus(report)).toBe(exitStatusFor('VERIFY_ARCHIVE_CORRUPT'));
  });

  it('catches corrupt gzip bytes', async () => {
    const bytes = Buffer.from(await readFile(tarball));
    for (let i = 0; i < 64; i++) bytes[(bytes.length >> 1) + i] ^= 0xa5;
    const report = await verifyBundle(await archive(bytes));
    // The garbage inflated before zlib notices may first break a tar header; either way the gzip error is reported.
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'VERIFY_ARCHIVE_CORRUPT', message: expect.stringMatching(/^gzip: /) }),
    );
    expect(verifyExitStatus(report)).toBe(exitStatusFor('VERIFY_ARCHIVE_CORRUPT'));
  });

  it('catches a file that is not gzip at all', async () => {
    const report = await verifyBundle(await archive(Buffer.from('just text, not an archive\n')));
    expect(codes(report)).toContain('VERIFY_ARCHIVE_CORRUPT');
  });

  it('catches a tar cut at an entry boundary (no end-of-archive marker)', async () => {
    const report = await verifyBundle(await archive(gzip(tarOf(entries.slice(0, 4), false))));
    expect(report.findings[0]).toMatchObject({
      code: 'VERIFY_ARCHIVE_CORRUPT',
      message: expect.stringMatching(/end-of-archive/),
    });
  });

  it('catches a corrupt tar header', async () => {
    const raw = tarOf(entries);
    raw[512 + 100] ^= 0xff; // the second header's mode field: its checksum no longer matches
    const report = await verifyBundle(await archive(gzip(raw)));
    expect(codes(report)).toContain('VERIFY_ARCHIVE_CORRUPT');
    expect(verifyExitStatus(report)).toBe(exitStatusFor('VERIFY_ARCHIVE_CORRUPT'));
  });
});

describe('size limits while streaming a tarball', () => {
  const MiB = 1 << 20;
  let zeroMember: Uint8Array;
  beforeAll(() => {
    zeroMember = gzipSync(new Uint8Array(4 * MiB), { level: 6, mtime: 0 });
  });

  /**
   * A gzip bomb as a multi-member gzip (which gunzip concatenates): the tar
   * headers, then a 4 MiB member of zeros repeated, compressed once. Writing
   * 300 MB through fflate would take seconds; this takes milliseconds.
   */
  function bomb(prefix: CraftEntry[], files: number, mibEach: number): Buffer {
    const members: Uint8Array[] = [gzip(tarOf(prefix, false))];
    for (let i = 0; i < files; i++) {
      members.push(gzip(header({ path: `${top}/data/zeros-${i}.bin`, size: mibEach * MiB })));
      for (let j = 0; j < mibEach / 4; j++) members.push(zeroMember);
    }
    members.push(gzip(Buffer.alloc(1024)));
    return Buffer.concat(members);
  }

  // How fast it stops is a benchmark's business (scripts/bench-bundle.mjs); here: where it stops, and that it writes nothing.
  it('stops a 300 MB bomb inside a bundle at the manifest limits, having read less than a third of it', async () => {
    const file = await archive(bomb(entries, 75, 4));
    expect((await readFile(file)).length).toBeLessThan(2 * MiB);
    const report = await verifyBundle(file);
    const limit = report.findings.find((f) => f.code === 'VERIFY_SIZE_LIMIT');
    expect(limit?.message).toMatch(/limits\.max_total_bytes/);
    const readBytes = Number(/after (\d+) bytes/.exec(limit?.message ?? '')?.[1]);
    expect(readBytes).toBeGreaterThan(0);
    expect(readBytes).toBeLessThan(100 * MiB);
    expect(verifyExitStatus(report)).toBe(exitStatusFor('VERIFY_SIZE_LIMIT'));
  });

  it('writes nothing to disk: the CLI verifying a tarball (the bomb and the good one) leaves its temp and working folders empty', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'caq-verify-tmp-'));
    const cwd = await mkdtemp(join(tmpdir(), 'caq-verify-cwd-'));
    const beside = await mkdtemp(join(tmpdir(), 'caq-verify-beside-'));
    try {
      const bombFile = join(beside, 'bomb.tar.gz');
      await writeFile(bombFile, bomb(entries, 75, 4));
      const goodFile = join(beside, 'good.tar.gz');
      await writeFile(goodFile, await readFile(tarball));
      // Read-only for anyone but root; for root (CI containers) the listing below is what holds.
      await chmod(cwd, 0o555);
      const env = { CI: '1', TMPDIR: scratch, TMP: scratch, TEMP: scratch };
      const cli = join(REPO, 'bin/caqbench.mjs');
      const bad = await execa(process.execPath, [cli, 'verify', bombFile], { cwd, env, reject: false });
      const good = await execa(process.execPath, [cli, 'verify', goodFile], { cwd, env, reject: false });
      expect(bad.exitCode).toBe(exitStatusFor('VERIFY_SIZE_LIMIT'));
      expect(good.exitCode).toBe(0);
      expect(await readdir(scratch, { recursive: true })).toEqual([]);
      expect(await readdir(cwd, { recursive: true })).toEqual([]);
      expect((await readdir(beside)).sort()).toEqual(['bomb.tar.gz', 'good.tar.gz']);
    } finally {
      await chmod(cwd, 0o755);
      for (const dir of [scratch, cwd, beside]) await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops a bomb with no manifest at --max-bytes', async () => {
    const report = await verifyBundle(await archive(bomb([{ path: `${top}/`, type: 'Directory' }], 3, 100)), {
      maxBytes: 64 * MiB,
    });
    expect(report.findings[0]).toMatchObject({
      code: 'VERIFY_SIZE_LIMIT',
      message: expect.stringMatching(/--max-bytes/),
    });
  });

  it('stops at a declared size above the limit before reading the entry', async () => {
    const huge: CraftEntry = { path: `${top}/data/huge.bin`, size: 300 * MiB, data: Buffer.alloc(512) };
    const report = await verifyBundle(
      await archive(gzip(tarOf([{ path: `${top}/`, type: 'Directory' }, huge], false))),
    );
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'VERIFY_SIZE_LIMIT',
        message: expect.stringMatching(/declares 314572800 bytes/),
      }),
    ]);
  });

  it('applies the manifest limit to declared sizes once bundle.json has been read', async () => {
    const big: CraftEntry = { path: `${top}/data/zz-big.bin`, size: 40 * MiB, data: Buffer.alloc(512) };
    const report = await verifyBundle(await archive(gzip(tarOf([...entries, big], false))));
    expect(report.findings[0]).toMatchObject({
      code: 'VERIFY_SIZE_LIMIT',
      message: expect.stringMatching(/max_file_bytes/),
    });
  });
});
