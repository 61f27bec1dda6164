import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { verifyExitStatus } from '../../harness/src/verify/exit-status.js';
import { verifyBundle } from '../../harness/src/verify/verify-bundle.js';

let work: string;
let cases = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'caq-verify-foreign-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha = (b: string): string => createHash('sha256').update(b).digest('hex');
const FILES = { 'release.tar.xz': 'pretend archive\n', 'docs/NOTES.txt': 'notes\n' };

/** A download folder as projects publish them: files plus a coreutils list with `./` prefixes. */
async function foreign(listName: string | null, files: Record<string, string> = FILES): Promise<string> {
  const dir = join(work, `case-${++cases}`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  if (listName !== null) {
    const lines = Object.entries(FILES).map(([path, content]) => `${sha(content)}  ./${path}\n`);
    await writeFile(join(dir, listName), lines.join(''));
  }
  return dir;
}

describe('verify of a foreign folder (no bundle.json)', () => {
  it('checks what checksum.sha256 lists, ./ prefixes included, and says no manifest was found', async () => {
    const report = await verifyBundle(await foreign('checksum.sha256'));
    expect(report).toMatchObject({
      ok: true,
      manifest: 'absent',
      checksumFile: 'checksum.sha256',
      files_checked: 2,
      findings: [],
    });
    expect(report.notes).toEqual([expect.stringMatching(/no manifest found/)]);
  });

  it('finds a list under any *.sha256 name', async () => {
    const report = await verifyBundle(await foreign('release.sha256'));
    expect(report).toMatchObject({ ok: true, checksumFile: 'release.sha256', files_checked: 2 });
  });

  it('catches a changed file', async () => {
    const report = await verifyBundle(await foreign('checksum.sha256', { ...FILES, 'docs/NOTES.txt': 'edited\n' }));
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'VERIFY_DIGEST_MISMATCH', path: 'docs/NOTES.txt' }),
    ]);
    expect(verifyExitStatus(report)).toBe(EXIT_CODES.VERIFY_DIGEST_MISMATCH.status);
  });

  it('reports a folder with no checksum list at all', async () => {
    const report = await verifyBundle(await foreign(null));
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'VERIFY_CHECKSUMS_MALFORMED',
        message: expect.stringMatching(/no checksum list found/),
      }),
    ]);
    expect(report.manifest).toBe('absent');
  });

  it('still reports files the list does not name', async () => {
    const report = await verifyBundle(await foreign('SHA256SUMS', { ...FILES, 'stray.bin': 'x' }));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'VERIFY_FILE_UNLISTED', path: 'stray.bin' })]);
  });
});
