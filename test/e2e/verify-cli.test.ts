import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaqErrorCode } from '../../harness/src/errors.js';
import { EXIT_CODES } from '../../harness/src/errors.js';
import type { VerifyReport } from '../../harness/src/verify/types.js';
import { builtBundle } from '../verify/bundle-under-test.js';
import { caqbench, ensureBuilt } from './cli.js';

let work: string;
let folder: string;
let tarball: string;
let copies = 0;

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'caq-e2e-verify-'));
  ({ folder, tarball } = await builtBundle(work));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

async function copy(): Promise<string> {
  const dest = join(work, `copy-${++copies}`);
  await cp(folder, dest, { recursive: true });
  return dest;
}
async function editManifest(
  dir: string,
  edit: (m: { files: Record<string, unknown>[] } & Record<string, unknown>) => void,
): Promise<void> {
  const m = JSON.parse(await readFile(join(dir, 'bundle.json'), 'utf8'));
  edit(m);
  const text = `${JSON.stringify(m, null, 2)}\n`;
  await writeFile(join(dir, 'bundle.json'), text);
  // The forger re-states bundle.json's own line, so only the intended class remains.
  const sums = await readFile(join(dir, 'SHA256SUMS'), 'utf8');
  await writeFile(
    join(dir, 'SHA256SUMS'),
    sums.replace(/^[0-9a-f]{64} {2}bundle\.json$/m, `${sha(text)}  bundle.json`),
  );
}
const dataPath = 'data/moby-dick-256k.txt';

/** One damage per failure class; each must give that class's own exit status through the real CLI. */
const CLASSES: [CaqErrorCode, () => Promise<string[]>][] = [
  [
    'VERIFY_DIGEST_MISMATCH',
    async () => {
      const dir = await copy();
      const bytes = await readFile(join(dir, dataPath));
      bytes[1000] ^= 0x20;
      await writeFile(join(dir, dataPath), bytes);
      return [dir];
    },
  ],
  [
    'VERIFY_FILE_MISSING',
    async () => {
      const dir = await copy();
      await unlink(join(dir, dataPath));
      return [dir];
    },
  ],
  [
    'VERIFY_FILE_UNLISTED',
    async () => {
      const dir = await copy();
      await writeFile(join(dir, 'data', 'smuggled.txt'), 'extra');
      return [dir];
    },
  ],
  [
    'VERIFY_CHECKSUMS_MALFORMED',
    async () => {
      const dir = await copy();
      await writeFile(join(dir, 'SHA256SUMS'), '');
      return [dir];
    },
  ],
  [
    'VERIFY_UNSAFE_ENTRY',
    async () => {
      const dir = await copy();
      await symlink('/etc/passwd', join(dir, 'data', 'passwd'));
      return [dir];
    },
  ],
  [
    'VERIFY_ARCHIVE_CORRUPT',
    async () => {
      const file = join(work, `cut-${++copies}.tar.gz`);
      await cp(tarball, file);
      await truncate(file, 20_000);
      return [file];
    },
  ],
  ['VERIFY_SIZE_LIMIT', async () => [tarball, '--max-bytes', '64K']],
  [
    'VERIFY_MANIFEST_INVALID',
    async () => {
      const dir = await copy();
      await editManifest(dir, (m) => {
        m.run = { runs: 0, warmup: 1 };
      });
      return [dir];
    },
  ],
  [
    'VERIFY_MANIFEST_DISAGREES',
    async () => {
      const dir = await copy();
      await editManifest(dir, (m) => {
        (m.files[0] as Record<string, unknown>).sha256 = sha('forged');
      });
      return [dir];
    },
  ],
];

describe('caqbench verify (the built CLI)', () => {
  it('exits 0 on the built folder and tarball, with a JSON report on request', async () => {
    for (const target of [folder, tarball]) {
      const run = await caqbench(['verify', target, '--json']);
      expect(run.exitCode).toBe(0);
      const report = JSON.parse(run.stdout) as VerifyReport;
      expect(report).toMatchObject({ ok: true, manifest: 'found', checksumFile: 'SHA256SUMS', findings: [] });
    }
  });

  it.each(CLASSES)('exits with the status of %s', async (code, damage) => {
    const run = await caqbench(['verify', ...(await damage()), '--json']);
    expect(run.exitCode).toBe(EXIT_CODES[code].status);
    const report = JSON.parse(run.stdout) as VerifyReport;
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.code)).toContain(code);
  });

  it('prints one line per finding, then a summary naming the status', async () => {
    const dir = await copy();
    await unlink(join(dir, 'README.md'));
    await writeFile(join(dir, 'extra.txt'), 'x');
    const run = await caqbench(['verify', dir]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/VERIFY_FILE_MISSING +README\.md/);
    expect(lines[1]).toMatch(/VERIFY_FILE_UNLISTED +extra\.txt/);
    expect(lines[2]).toMatch(/FAILED .*exit 31 for VERIFY_FILE_MISSING$/);
    expect(run.exitCode).toBe(31);
  });

  it('hashes a large foreign folder on worker threads and still catches a flipped byte', async () => {
    const dir = join(work, 'large-foreign');
    await mkdir(dir);
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) {
      const bytes = Buffer.alloc(24 << 20, i + 1);
      await writeFile(join(dir, `part-${i}.bin`), bytes);
      lines.push(`${sha(bytes)}  ./part-${i}.bin\n`);
    }
    await writeFile(join(dir, 'checksum.sha256'), lines.join(''));
    const good = await caqbench(['verify', dir, '--json']);
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      manifest: 'absent',
      files_checked: 3,
      notes: [expect.stringMatching(/no manifest found/)],
    });
    const bytes = await readFile(join(dir, 'part-2.bin'));
    bytes[(24 << 20) - 1] ^= 1;
    await writeFile(join(dir, 'part-2.bin'), bytes);
    const bad = await caqbench(['verify', dir]);
    expect(bad.exitCode).toBe(EXIT_CODES.VERIFY_DIGEST_MISMATCH.status);
    expect(bad.stdout).toContain('part-2.bin');
  });

  it('refuses a missing target and bad options with their own statuses', async () => {
    expect((await caqbench(['verify', join(work, 'nope')])).exitCode).toBe(EXIT_CODES.VERIFY_FILE_MISSING.status);
    expect((await caqbench(['verify', folder, '--max-bytes', 'lots'])).exitCode).toBe(EXIT_CODES.USAGE.status);
    expect((await caqbench(['verify'])).exitCode).toBe(EXIT_CODES.USAGE.status);
  });
});
