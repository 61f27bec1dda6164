import { setTimeout as sleep } from 'node:timers/promises';
import { CaqError } from '../../harness/src/errors.js';
import { breakGeneration, release, staleGeneration, tryAcquire, type Holder } from './lock-file.js';

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** A lock older than this whose holder is gone (or on another host) is taken as left by a crash. */
  staleMs?: number;
}

/**
 * Runs `work` while holding `path`, which only one process holds at a time; others retry
 * with a jittered back-off, and break a lock whose holder is gone (lock-file.ts). A build
 * reads the whole reports folder and writes every output under the lock, so two updates
 * run one after the other and the second sees what the first added.
 */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const staleMs = options.staleMs ?? 300_000;
  let holder: Holder | null = null;
  for (let attempt = 0; holder === null; attempt++) {
    holder = await tryAcquire(path).catch((cause: unknown) => {
      throw new CaqError('LEADERBOARD_INPUT', `cannot take the lock: ${(cause as Error).message}`, {
        file: path,
        cause,
        hint: 'the output folder must be writable',
      });
    });
    if (holder !== null) break;
    const stale = await staleGeneration(path, staleMs);
    if (stale !== null && (await breakGeneration(path, stale))) continue;
    if (Date.now() > deadline) {
      throw new CaqError('LEADERBOARD_INPUT', 'another leaderboard update holds the lock', {
        file: path,
        hint: 'wait for it to finish; remove the file (and any .break- file beside it) only if no caqbench process is running',
      });
    }
    await sleep(Math.min(25 * 2 ** Math.min(attempt, 4), 400) * (0.5 + Math.random()));
  }
  try {
    return await work();
  } finally {
    await release(holder);
  }
}
