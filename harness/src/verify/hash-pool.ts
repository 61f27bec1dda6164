import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hashFile } from './hash-file.js';
import type { HashReply } from './hash-worker.js';

export interface HashJob {
  /** Absolute path of the file. */
  path: string;
  /** Size from the walk, used to balance the workers and to decide whether threads pay off. */
  bytes: number;
}
export type HashOutcome = { sha256: string; bytes: number } | { error: string };

/** Below this many bytes in all, starting worker threads (~30 ms each) costs more than it saves. */
const THREADS_FROM_BYTES = 64 << 20;
const WORKER = new URL('./hash-worker.js', import.meta.url);

/**
 * Hashes files on up to one thread per core. A SHA-256 update runs on the
 * thread that calls it, so concurrency on the main thread would only overlap
 * reads; several cores need worker threads. The compiled worker sits beside
 * this module in build/; when running from sources (tests) it does not exist
 * and the files are hashed on the main thread, four reads in flight.
 */
export async function hashFiles(jobs: readonly HashJob[], onDone?: (job: HashJob, index: number) => void): Promise<HashOutcome[]> {
  const total = jobs.reduce((sum, job) => sum + job.bytes, 0);
  const threads = Math.min(availableParallelism(), jobs.length);
  const useWorkers = threads > 1 && total >= THREADS_FROM_BYTES && existsSync(WORKER);
  // Largest first, so one big file does not start last and finish alone.
  const order = jobs.map((_, i) => i).sort((a, b) => (jobs[b]?.bytes ?? 0) - (jobs[a]?.bytes ?? 0));
  const outcomes: HashOutcome[] = new Array<HashOutcome>(jobs.length);
  let next = 0;
  const lanes = Array.from({ length: useWorkers ? threads : Math.min(4, jobs.length) }, async () => {
    let worker = useWorkers ? new Worker(WORKER) : null;
    try {
      while (next < order.length) {
        const index = order[next++] as number;
        const job = jobs[index] as HashJob;
        outcomes[index] = await (worker === null ? hashHere(job.path) : hashIn(worker, index, job.path)).catch(async () => {
          // A dead worker is not the file's fault: finish this lane on the main thread.
          await worker?.terminate();
          worker = null;
          return hashHere(job.path);
        });
        onDone?.(job, index);
      }
    } finally {
      await worker?.terminate();
    }
  });
  await Promise.all(lanes);
  return outcomes;
}

async function hashHere(path: string): Promise<HashOutcome> {
  try {
    return await hashFile(path);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Rejects only when the worker itself fails; a file's own read error resolves as an outcome. */
function hashIn(worker: Worker, id: number, path: string): Promise<HashOutcome> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: HashReply): void => {
      if (reply.id !== id) return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve('error' in reply ? { error: reply.error } : { sha256: reply.sha256, bytes: reply.bytes });
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage({ id, path });
  });
}
