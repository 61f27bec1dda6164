import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * The lock file's life: taken whole (pid, host and a fresh nonce written to a private
 * file, then hard-linked into place: link(2) fails if the name exists, so exactly one
 * process takes it, and nobody ever sees it half-written), released only by its holder,
 * and broken, when its holder is gone, by exactly one waiter.
 */
export interface Holder {
  path: string;
  nonce: string;
}

/** Takes the lock, or returns null when another process holds it. */
export async function tryAcquire(path: string): Promise<Holder | null> {
  const nonce = randomBytes(16).toString('hex');
  const own = `${path}.${process.pid}-${nonce}`;
  const handle = await open(own, 'wx', 0o644);
  try {
    await handle.writeFile(`${process.pid}\n${hostname()}\n${nonce}\n`);
  } finally {
    await handle.close();
  }
  try {
    await link(own, path);
    return { path, nonce };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  } finally {
    await rm(own, { force: true });
  }
}

/** Removes the lock only if it is still this holder's: a lock broken as stale and taken by another stays. */
export async function release(holder: Holder): Promise<void> {
  const [, , nonce] = (await readFile(holder.path, 'utf8').catch(() => '')).split('\n');
  if (nonce === holder.nonce) await rm(holder.path, { force: true });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Names one lock generation: its inode, modification time and content (which holds a
 * fresh nonce, so a new lock never has an old one's name, even on a reused inode).
 * Null when there is no lock.
 */
async function generation(path: string): Promise<{ id: string; mtimeMs: number; content: string } | null> {
  // One open file for both: the inode and the content are the same generation's even if the name moves on meanwhile.
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (handle === null) return null;
  const [info, content] = await Promise.all([handle.stat(), handle.readFile('utf8')]).finally(() => handle.close());
  const id = createHash('sha256')
    .update(`${info.dev}:${info.ino}:${info.mtimeMs}\n${content}`)
    .digest('hex')
    .slice(0, 32);
  return { id, mtimeMs: info.mtimeMs, content };
}

/**
 * The generation of a lock left by a process that can no longer release it (older than
 * `staleMs`, and its holder dead, or on another host), else null.
 */
export async function staleGeneration(path: string, staleMs: number, now = Date.now()): Promise<string | null> {
  const found = await generation(path);
  if (found === null || now - found.mtimeMs < staleMs) return null;
  const [pid = '', host = ''] = found.content.split('\n');
  return host !== hostname() || !alive(Number(pid)) ? found.id : null;
}

/**
 * Removes the lock if, and only if, it is still the stale generation `id`. Breakers of
 * one generation first take `<lock>.break-<id>` exclusively, so only one of them goes on;
 * it checks the lock is still that generation, and nobody else can remove that one (its
 * holder is gone), so the check still holds when it removes it. A waiter that judged a
 * generation stale earlier, after another broke it and a third took the lock, finds a
 * different generation and leaves the new lock alone. True when this call removed it.
 */
export async function breakGeneration(path: string, id: string): Promise<boolean> {
  const claim = `${path}.break-${id}`;
  try {
    await (await open(claim, 'wx')).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    if ((await generation(path))?.id !== id) return false;
    await rm(path, { force: true });
    return true;
  } finally {
    await rm(claim, { force: true });
  }
}
