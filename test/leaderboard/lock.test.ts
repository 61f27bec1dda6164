import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../leaderboard/src/lock.js';
import { breakGeneration, release, staleGeneration, tryAcquire } from '../../leaderboard/src/lock-file.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'caq-lock-'));

/** A lock left by a process that died an hour ago (pid 2147483646 is above Linux's pid_max). */
function leaveStaleLock(path: string): void {
  writeFileSync(path, `2147483646\n${hostname()}\n`);
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(path, old, old);
}

describe('breaking a stale lock', () => {
  it('a waiter acting on an old judgement of staleness leaves the lock another has just taken', async () => {
    const path = join(dir(), '.lock');
    leaveStaleLock(path);
    const judgedBySlowWaiter = await staleGeneration(path, 300_000);
    const judgedByFastWaiter = await staleGeneration(path, 300_000);
    expect(judgedBySlowWaiter).not.toBeNull();
    expect(judgedByFastWaiter).toBe(judgedBySlowWaiter);
    expect(await breakGeneration(path, judgedByFastWaiter!)).toBe(true);
    const holder = await tryAcquire(path);
    expect(holder).not.toBeNull();
    const taken = readFileSync(path, 'utf8');
    expect(await breakGeneration(path, judgedBySlowWaiter!)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(taken);
    expect(await tryAcquire(path)).toBeNull();
    await release(holder!);
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('of waiters breaking the same stale lock together, exactly one removes it', async () => {
    const path = join(dir(), '.lock');
    leaveStaleLock(path);
    const id = (await staleGeneration(path, 300_000))!;
    const removed = await Promise.all(Array.from({ length: 8 }, () => breakGeneration(path, id)));
    expect(removed.filter(Boolean)).toHaveLength(1);
  });

  it('a live holder or a young lock is not stale', async () => {
    const path = join(dir(), '.lock');
    const holder = (await tryAcquire(path))!;
    expect(await staleGeneration(path, 0)).toBeNull();
    writeFileSync(path, `2147483646\n${hostname()}\nsomeone-else\n`);
    expect(await staleGeneration(path, 300_000)).toBeNull();
    expect(await staleGeneration(path, 0)).not.toBeNull();
    await release(holder);
    expect(readFileSync(path, 'utf8')).toContain('someone-else');
  });

  it('an output folder it cannot write in is an input error naming the lock', async () => {
    const path = join(dir(), 'missing', '.lock');
    await expect(withLock(path, async () => 1)).rejects.toMatchObject({
      code: 'LEADERBOARD_INPUT',
      file: path,
      message: expect.stringMatching(/^cannot take the lock: ENOENT/),
    });
  });

  it('sixteen waiters on a stale lock take it one at a time, and each runs once', async () => {
    const path = join(dir(), '.lock');
    leaveStaleLock(path);
    let inside = 0;
    let most = 0;
    const ran: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        // Staggered starts: some waiters judge the lock stale while others have already broken and taken it.
        for (let k = 0; k < i * 3; k++) await tick();
        return withLock(
          path,
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            for (let k = 0; k < 20; k++) await tick();
            ran.push(i);
            inside -= 1;
          },
          { timeoutMs: 60_000 },
        );
      }),
    );
    expect(most).toBe(1);
    expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });
});
