import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POOL_SIZE, moduleUrl, PoolTaskError, poolSize, runPool } from '../../harness/src/pool/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'caq-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
