import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBundleTarball } from '../../harness/src/submit/extract-tarball.js';
import { loadBundleForRun } from '../../harness/src/submit/load-bundle.js';
import { makeTestBundle, tarBundle, type TestBundle } from './fixtures.js';

let bundle: TestBundle;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['noise'] });
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
});

describe('loadBundleForRun', () => {
  it('binds to the SHA-256 of the bundle.json bytes, from a folder or a tarball alike', async () => {
    const digest = createHash('sha256')
      .update(await readFile(join(bundle.dir, 'bundle.json')))
      .digest('hex');
    const folder = await loadBundleForRun(bundle.dir);
    expect([folder.dir, folder.manifestSha256, folder.manifest.files.map((f) => f.path)]).toEqual([
      bundle.dir,
      digest,
      ['data/noise.bin'],
    ]);
    await folder.cleanup();
    expect(existsSync(bundle.dir)).toBe(true);
    const tarball = await loadBundleForRun(await tarBundle(bundle));
    expect(tarball.manifestSha256).toBe(digest);
    expect(existsSync(join(tarball.dir, 'data/noise.bin'))).toBe(true);
    await tarball.cleanup();
    expect(existsSync(tarball.dir)).toBe(false);
  });

  it('refuses to unpack links, absolute paths and .. segments', async () => {
    const evil = join(bundle.root, 'evil');
    await mkdir(join(evil, 'b'), { recursive: true });
    await writeFile(join(evil, 'b', 'bundle.json'), '{}');
    await symlink('/etc/passwd', join(evil, 'b', 'link'));
    const file = join(bundle.root, 'evil.tar.gz');
    await createTar({ gzip: true, file, cwd: evil }, ['b']);
    await expect(extractBundleTarball(file)).rejects.toMatchObject({ code: 'VERIFY_UNSAFE_ENTRY' });
    await expect(loadBundleForRun(file)).rejects.toMatchObject({ code: 'VERIFY_UNSAFE_ENTRY' });
    // GNU tar -P keeps `../` and leading `/` in member names.
    await writeFile(join(bundle.root, 'escape.txt'), 'x');
    for (const member of ['../escape.txt', join(bundle.root, 'escape.txt')]) {
      const out = join(bundle.root, 'escape.tar.gz');
      await execa('tar', ['-C', evil, '-czPf', out, member]);
      await expect(extractBundleTarball(out)).rejects.toMatchObject({ code: 'VERIFY_UNSAFE_ENTRY' });
    }
  });

  it('reports a corrupt archive as such', async () => {
    const file = join(bundle.root, 'broken.tar.gz');
    await writeFile(file, Buffer.from('\x1f\x8b\x08\x00 definitely not gzip'));
    await expect(extractBundleTarball(file)).rejects.toMatchObject({ code: 'VERIFY_ARCHIVE_CORRUPT' });
  });
});
