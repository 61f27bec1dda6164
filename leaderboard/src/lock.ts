import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CaqError } from '../../harness/src/errors.js';

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** A lock older than this whose holder is gone (or on another host) is taken as left by a crash. */
  staleMs?: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** True when the lock file was left by a process that can no longer release it. */
async function isStale(path: string, staleMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (info === null || Date.now() - info.mtimeMs < staleMs) return false;
  const [pid = '', host = ''] = (await readFile(path, 'utf8').catch(() => '')).split('\n');
  return host !== hostname() || !alive(Number(pid));
}

/**
 * Runs `work` while holding `path`, created with O_EXCL so only one process holds it;
 * others retry with a jittered back-off. A build reads the whole reports folder and
 * writes every output under the lock, so two updates run one after the other and the
 * second sees what the first added.
 */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const staleMs = options.staleMs ?? 300_000;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n${hostname()}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(path, staleMs)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new CaqError('LEADERBOARD_INPUT', 'another leaderboard update holds the lock', {
          file: path,
          hint: 'wait for it to finish; remove the file only if no caqbench process is running',
        });
      }
      await sleep(Math.min(25 * 2 ** Math.min(attempt, 4), 400) * (0.5 + Math.random()));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
