import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_POOL_SIZE,
  moduleUrl,
  PoolTaskError,
  poolSize,
  runPool,
  taskCompiled,
} from '../../harness/src/pool/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'caq-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runPool', () => {
  const square = moduleUrl('export default (n) => n * n;');

  it('keeps input order whatever the worker that answers', async () => {
    const slowFirst = moduleUrl(
      'export default async (n) => { await new Promise((r) => setTimeout(r, n % 3 === 0 ? 20 : 0)); return n * n; };',
    );
    const inputs = Array.from({ length: 25 }, (_, i) => i);
    expect(await runPool(inputs, slowFirst, { size: 3 })).toEqual(inputs.map((n) => n * n));
    expect(await runPool([], square)).toEqual([]);
  });

  it('reports each input as it is done, once, and knows a compiled task from a missing one', async () => {
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5], square, { size: 2, onDone: (i) => done.push(i) });
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(taskCompiled(square)).toBe(true);
    expect(taskCompiled(pathToFileURL(join(dir, 'no-such-task.js')))).toBe(false);
  });

  it("hashes files on the pool as on the main thread, a read error being the file's outcome", async () => {
    const files = ['a', 'b', 'c'].map((name, i) => {
      const path = join(dir, `${name}.bin`);
      writeFileSync(path, Buffer.alloc(1000 * (i + 1), i));
      return path;
    });
    const task = join(dir, 'hash-task.mjs');
    const hashFile = pathToFileURL(join(process.cwd(), 'build/harness/src/verify/hash-worker.js')).href;
    writeFileSync(task, `export { default } from ${JSON.stringify(hashFile)};\n`);
    const inputs = [...files, join(dir, 'missing.bin')];
    const pooled = await runPool<string, unknown>(inputs, pathToFileURL(task), { size: 2 });
    expect(pooled.slice(0, 3)).toEqual(
      files.map((_, i) => ({
        sha256: createHash('sha256')
          .update(Buffer.alloc(1000 * (i + 1), i))
          .digest('hex'),
        bytes: 1000 * (i + 1),
      })),
    );
    expect(pooled[3]).toMatchObject({ error: expect.stringMatching(/ENOENT/) });
  });

  it('runs a task module from a file', async () => {
    const task = join(dir, 'task.mjs');
    writeFileSync(
      task,
      "import { createHash } from 'node:crypto';\nexport default (s) => createHash('sha1').update(s).digest('hex');\n",
    );
    expect(await runPool(['a', 'b'], pathToFileURL(task), { size: 2 })).toEqual(
      ['a', 'b'].map((s) => createHash('sha1').update(s).digest('hex')),
    );
  });

  it('rejects with the failing input and its error', async () => {
    const picky = moduleUrl(
      "export default (n) => { if (n === 3) { const e = new Error('three'); e.code = 'E_THREE'; throw e; } return n; };",
    );
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
