import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaqError } from '../../harness/src/errors.js';
import { hashFilesParallel, MAX_POOL_SIZE, moduleUrl, PoolTaskError, poolSize, runPool } from '../../harness/src/pool/index.js';

let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'caq-pool-'));
  // Sizes around the workers' 1 MiB read: empty, 1 byte, just under/over, several reads.
  const sizes = [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17, 4096, 77];
  files = sizes.map((size, i) => {
    const path = join(dir, `f${i}.bin`);
    writeFileSync(path, Uint8Array.from({ length: size }, (_, j) => (j * 31 + i) & 0xff));
    return path;
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const serial = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('hashFilesParallel', () => {
  it.each([1, 3])('gives the serial digests with %i worker(s)', async (size) => {
    const digests = await hashFilesParallel(files, { size });
    expect([...digests.keys()]).toEqual(files);
    for (const file of files) expect(digests.get(file)).toBe(serial(file));
    expect(digests.get(files[0]!)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('names an unreadable file', async () => {
    const missing = join(dir, 'missing.bin');
    const error: unknown = await hashFilesParallel([files[1]!, missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaqError);
    expect((error as CaqError).file).toBe(missing);
    expect((error as CaqError).message).toContain('ENOENT');
  });

  it('returns an empty map for no files', async () => {
    expect((await hashFilesParallel([])).size).toBe(0);
  });
});

describe('runPool', () => {
  const square = moduleUrl('export default (n) => n * n;');

  it('keeps input order whatever the worker that answers', async () => {
    const slowFirst = moduleUrl('export default async (n) => { await new Promise((r) => setTimeout(r, n % 3 === 0 ? 20 : 0)); return n * n; };');
    const inputs = Array.from({ length: 25 }, (_, i) => i);
    expect(await runPool(inputs, slowFirst, { size: 3 })).toEqual(inputs.map((n) => n * n));
    expect(await runPool([], square)).toEqual([]);
  });

  it('runs a task module from a file', async () => {
    const task = join(dir, 'task.mjs');
    writeFileSync(task, "import { createHash } from 'node:crypto';\nexport default (s) => createHash('sha1').update(s).digest('hex');\n");
    expect(await runPool(['a', 'b'], pathToFileURL(task), { size: 2 })).toEqual(['a', 'b'].map((s) => createHash('sha1').update(s).digest('hex')));
  });

  it('rejects with the failing input and its error', async () => {
    const picky = moduleUrl("export default (n) => { if (n === 3) { const e = new Error('three'); e.code = 'E_THREE'; throw e; } return n; };");
    const error: unknown = await runPool([1, 2, 3, 4], picky, { size: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolTaskError);
    expect(error).toMatchObject({ index: 2, code: 'E_THREE', message: 'three' });
  });

  it('reports a task module that does not load', async () => {
    await expect(runPool([1], moduleUrl('export default ('), { size: 1 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('sizes the pool by cores, capped, never above the work', () => {
    expect(poolSize(1)).toBe(1);
    expect(poolSize(1000)).toBeLessThanOrEqual(MAX_POOL_SIZE);
    expect(poolSize(1000, 64)).toBe(MAX_POOL_SIZE);
    expect(poolSize(5, 2)).toBe(2);
    expect(poolSize(0)).toBe(1);
  });
});
