import { CaqError } from '../errors.js';
import { moduleUrl } from './module-url.js';
import { PoolTaskError, runPool, type PoolOptions } from './run-pool.js';

/**
 * Streaming SHA-256 of one file in a worker: 1 MiB reads into one reused
 * buffer, so each thread holds about 1 MiB whatever the file's size.
 */
const SHA256_TASK = moduleUrl(`
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
const CHUNK = 1 << 20;
export default async function sha256(path) {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
`);

/**
 * SHA-256 (hex) of every file, on a pool of worker threads: a hash update runs
 * on the thread that calls it, so only threads put several cores on it.
 * Keys are the paths as given. An unreadable file rejects the whole call,
 * naming the file.
 */
export async function hashFilesParallel(paths: readonly string[], opts: PoolOptions = {}): Promise<Map<string, string>> {
  try {
    const digests = await runPool<string, string>(paths, SHA256_TASK, opts);
    return new Map(paths.map((path, i) => [path, digests[i]!]));
  } catch (error) {
    if (!(error instanceof PoolTaskError)) throw error;
    const file = paths[error.index];
    throw new CaqError('VERIFY_FILE_MISSING', `cannot hash ${file}: ${error.code ?? error.message}`, { file, cause: error });
  }
}
