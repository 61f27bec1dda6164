import { createHash } from 'node:crypto';
import { appendFile, cp, link, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExitStatus } from '../../harness/src/verify/exit-status.js';
import { verifyBundle } from '../../harness/src/verify/verify-bundle.js';
import { exitStatusFor } from '../../harness/src/errors.js';
import type { VerifyReport } from '../../harness/src/verify/types.js';
import { builtBundle } from './bundle-under-test.js';

let work: string;
let pristine: string;
let copies = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'caq-verify-folder-'));
  pristine = (await builtBundle(work)).folder;
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the built bundle for one test to damage. */
async function copy(): Promise<string> {
  const dest = join(work, `copy-${++copies}`);
  await cp(pristine, dest, { recursive: true });
  return dest;
}

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const codes = (r: VerifyReport) => [...new Set(r.findings.map((f) => f.code))].sort();

async function manifestOf(
  folder: string,
): Promise<{ files: { path: string; sha256: string; role: string }[] } & Record<string, unknown>> {
  return JSON.parse(await readFile(join(folder, 'bundle.json'), 'utf8'));
}
async function firstDataFile(folder: string): Promise<string> {
  const m = await manifestOf(folder);
  const f = m.files.find((x) => x.role === 'data');
  if (f === undefined) throw new Error('the bundle under test has no data file');
  return f.path;
}
/** Re-states one SHA256SUMS line, as a forger who edits a file and its line would. */
async function restateSum(folder: string, path: string): Promise<void> {
  const sums = await readFile(join(folder, 'SHA256SUMS'), 'utf8');
  const digest = sha(await readFile(join(folder, path)));
  await writeFile(
    join(folder, 'SHA256SUMS'),
    sums.replace(
      new RegExp(`^[0-9a-f]{64}  ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      `${digest}  ${path}`,
    ),
  );
}

function expectClass(report: VerifyReport, code: Parameters<typeof exitStatusFor>[0]): void {
  expect(report.ok).toBe(false);
  expect(verifyExitStatus(report)).toBe(exitStatusFor(code));
}

describe('verify of a built bundle folder', () => {
  it('passes the untouched bundle, checking every file', async () => {
    const report = await verifyBundle(pristine);
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, kind: 'folder', manifest: 'found', checksumFile: 'SHA256SUMS' });
    const listed = (await readFile(join(pristine, 'SHA256SUMS'), 'utf8')).trim().split('\n').length;
    expect(report.files_checked).toBe(listed);
    expect(verifyExitStatus(report)).toBe(0);
  });

  it('catches a flipped byte in a data file', async () => {
    const folder = await copy();
    const path = await firstDataFile(folder);
    const bytes = await readFile(join(folder, path));
    bytes[bytes.length >> 1] ^= 0x01;
    await writeFile(join(folder, path), bytes);
    const report = await verifyBundle(folder);
    expect(codes(report)).toEqual(['VERIFY_DIGEST_MISMATCH']);
    expect(report.findings.map((f) => f.path)).toEqual([path]);
    expectClass(report, 'VERIFY_DIGEST_MISMATCH');
  });

  it('catches a deleted file', async () => {
    const folder = await copy();
    const path = await firstDataFile(folder);
    await unlink(join(folder, path));
    const report = await verifyBundle(folder);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'VERIFY_FILE_MISSING', path })]);
    expectClass(report, 'VERIFY_FILE_MISSING');
  });

  it('catches an extra file', async () => {
    const folder = await copy();
    await writeFile(join(folder, 'data', 'extra.bin'), 'not in any list');
    const report = await verifyBundle(folder);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_FILE_UNLISTED', path: 'data/extra.bin' }),
    ]);
    expectClass(report, 'VERIFY_FILE_UNLISTED');
  });

  it('catches an empty SHA256SUMS', async () => {
    const folder = await copy();
    await writeFile(join(folder, 'SHA256SUMS'), '');
    const report = await verifyBundle(folder);
    expect(report.findings[0]).toMatchObject({
      code: 'VERIFY_CHECKSUMS_MALFORMED',
      message: expect.stringMatching(/empty/),
    });
    expectClass(report, 'VERIFY_CHECKSUMS_MALFORMED');
  });

  it('catches a malformed SHA256SUMS line, naming it', async () => {
    const folder = await copy();
    const sums = (await readFile(join(folder, 'SHA256SUMS'), 'utf8')).split('\n');
    sums[1] = (sums[1] as string).replace('  ', ' '); // one space: neither text nor binary mode
    await writeFile(join(folder, 'SHA256SUMS'), sums.join('\n'));
    const report = await verifyBundle(folder);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'VERIFY_CHECKSUMS_MALFORMED', message: expect.stringMatching(/line 2 /) }),
    );
    expectClass(report, 'VERIFY_CHECKSUMS_MALFORMED');
  });

  it('catches a manifest that fails its schema, with the JSON pointer', async () => {
    const folder = await copy();
    const m = await manifestOf(folder);
    (m.tolerance as Record<string, unknown>).relative = 'one and a half percent';
    delete (m.files[0] as Record<string, unknown>).licence;
    await writeFile(join(folder, 'bundle.json'), JSON.stringify(m, null, 2));
    const report = await verifyBundle(folder);
    expect(report.manifest).toBe('invalid');
    const invalid = report.findings.filter((f) => f.code === 'VERIFY_MANIFEST_INVALID');
    expect(invalid.map((f) => f.pointer)).toEqual(expect.arrayContaining(['/tolerance/relative', '/files/0']));
    expect(invalid.find((f) => f.pointer === '/tolerance/relative')?.message).toContain('/tolerance/relative');
    // bundle.json no longer matches its SHA256SUMS line either; the status still names the cause.
    expect(codes(report)).toEqual(['VERIFY_DIGEST_MISMATCH', 'VERIFY_MANIFEST_INVALID']);
    expectClass(report, 'VERIFY_MANIFEST_INVALID');
  });

  it('catches bundle.json and SHA256SUMS disagreeing about a digest', async () => {
    const folder = await copy();
    const m = await manifestOf(folder);
    const target = m.files[0] as { path: string; sha256: string };
    target.sha256 = sha('something else');
    await writeFile(join(folder, 'bundle.json'), `${JSON.stringify(m, null, 2)}\n`);
    await restateSum(folder, 'bundle.json');
    const report = await verifyBundle(folder);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'VERIFY_MANIFEST_DISAGREES',
        path: target.path,
        pointer: '/files/0/sha256',
        message: expect.stringMatching(/matches SHA256SUMS/),
      }),
    ]);
    expectClass(report, 'VERIFY_MANIFEST_DISAGREES');
  });

  it('catches a file SHA256SUMS lists but bundle.json does not', async () => {
    const folder = await copy();
    const m = await manifestOf(folder);
    const dropped = m.files.shift() as { path: string };
    await writeFile(join(folder, 'bundle.json'), `${JSON.stringify(m, null, 2)}\n`);
    await restateSum(folder, 'bundle.json');
    const report = await verifyBundle(folder);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_MANIFEST_DISAGREES', path: dropped.path }),
    ]);
    expectClass(report, 'VERIFY_MANIFEST_DISAGREES');
  });

  it('refuses a symlink in the folder and never reads through it', async () => {
    const folder = await copy();
    const path = await firstDataFile(folder);
    await unlink(join(folder, path));
    await symlink('/etc/hostname', join(folder, path));
    await symlink('/etc', join(folder, 'data', 'etc'));
    const report = await verifyBundle(folder);
    expect(codes(report)).toEqual(['VERIFY_UNSAFE_ENTRY']);
    expect(report.findings.map((f) => f.path).sort()).toEqual([path, 'data/etc'].sort());
    expectClass(report, 'VERIFY_UNSAFE_ENTRY');
  });

  it('refuses a hardlink', async () => {
    const folder = await copy();
    const path = await firstDataFile(folder);
    await link(join(folder, path), join(work, `outside-${copies}`));
    const report = await verifyBundle(folder);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_UNSAFE_ENTRY', path, message: expect.stringMatching(/hardlink/) }),
    ]);
  });

  it('reports every finding at once, not just the first', async () => {
    const folder = await copy();
    const path = await firstDataFile(folder);
    await appendFile(join(folder, path), 'x');
    await unlink(join(folder, 'README.md'));
    await writeFile(join(folder, 'stray.txt'), 'x');
    const report = await verifyBundle(folder);
    expect(codes(report)).toEqual(['VERIFY_DIGEST_MISMATCH', 'VERIFY_FILE_MISSING', 'VERIFY_FILE_UNLISTED']);
    expectClass(report, 'VERIFY_FILE_MISSING');
  });
});
