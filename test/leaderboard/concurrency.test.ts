import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Leaderboard } from '../../leaderboard/src/types.js';
import { updateLeaderboard } from '../../leaderboard/src/update-leaderboard.js';
import { makeBundle, makeKeys, makeReport, type Keys } from './fixtures.js';

let root: string;
let keys: Keys;
const staged: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'caq-concurrent-'));
  keys = await makeKeys(root);
  const text = makeBundle(root);
  for (let i = 0; i < 6; i++) {
    staged.push(
      await makeReport(
        join(root, 'staged'),
        `codec-${i}`,
        text,
        { codec: `codec-${i}`, ratio: 2 + i / 4 },
        keys.maintainer,
      ),
    );
  }
});

const admitted = (dir: string): string[] => {
  const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')) as Leaderboard;
  return board.bundles.flatMap((b) => b.lossless.map((e) => e.codec)).sort();
};

describe('concurrent leaderboard updates', () => {
  it('six updates racing, each adding its own report, lose nothing', async () => {
    const reports = join(root, 'reports-race');
    const out = join(root, 'site-race');
    const boards = await Promise.all(
      staged.map((report) =>
        updateLeaderboard({ reportsDir: reports, keysFile: keys.trustedFile, outDir: out, add: [report] }),
      ),
    );
    expect(admitted(out)).toEqual(staged.map((_, i) => `codec-${i}`));
    // One after the other: the k-th update saw exactly the k reports added so far.
    expect(boards.map((board) => board.bundles[0]?.lossless.length ?? 0).sort()).toEqual(staged.map((_, i) => i + 1));
    expect(readdirSync(out).sort()).toEqual(['index.html', 'leaderboard.csv', 'leaderboard.json', 'leaderboard.md']);
  });

  it('waits for a live holder of the lock, then builds', async () => {
    const out = join(root, 'site-wait');
    const lock = join(out, '.leaderboard.lock');
    await updateLeaderboard({ reportsDir: join(root, 'staged'), keysFile: keys.trustedFile, outDir: out });
    writeFileSync(lock, `${process.pid}\n${(await import('node:os')).hostname()}\n`);
    let finished = false;
    const update = updateLeaderboard({
      reportsDir: join(root, 'staged'),
      keysFile: keys.trustedFile,
      outDir: out,
    }).then(() => (finished = true));
    await sleep(300);
    expect(finished).toBe(false);
    await rm(lock);
    await update;
    expect(finished).toBe(true);
  });

  it('gives up on a live lock after its timeout, and breaks a stale one left by a dead process', async () => {
    const out = join(root, 'site-stale');
    await updateLeaderboard({ reportsDir: join(root, 'staged'), keysFile: keys.trustedFile, outDir: out });
    const lock = join(out, '.leaderboard.lock');
    writeFileSync(lock, `${process.pid}\n${(await import('node:os')).hostname()}\n`);
    await expect(
      updateLeaderboard({
        reportsDir: join(root, 'staged'),
        keysFile: keys.trustedFile,
        outDir: out,
        lock: { timeoutMs: 200 },
      }),
    ).rejects.toMatchObject({ code: 'LEADERBOARD_INPUT' });
    writeFileSync(lock, `2147483646\n${(await import('node:os')).hostname()}\n`);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lock, old, old);
    await updateLeaderboard({
      reportsDir: join(root, 'staged'),
      keysFile: keys.trustedFile,
      outDir: out,
      lock: { timeoutMs: 2000 },
    });
    expect(admitted(out)).toHaveLength(6);
  });
});
