import { availableParallelism } from 'node:os';
import { runPool, taskCompiled } from '../pool/index.js';
import hashOne, { type HashOutcome } from './hash-worker.js';

export type { HashOutcome };

export interface HashJob {
  /** Absolute path of the file. */
  path: string;
  /** Size from the walk, used to balance the workers and to decide whether threads pay off. */
  bytes: number;
}

/** Below this many bytes in all, starting worker threads (~30 ms each) costs more than it saves. */
const THREADS_FROM_BYTES = 64 << 20;
const TASK = new URL('./hash-worker.js', import.meta.url);

/**
 * Hashes files on the project's worker pool (harness/src/pool), one thread per
 * core. A SHA-256 update runs on the thread that calls it, so concurrency on the
 * main thread would only overlap reads; several cores need worker threads. The
 * compiled task sits beside this module in build/; run from sources (tests) it
 * does not exist and the files are hashed on the main thread, four reads in flight.
 */
export async function hashFiles(
  jobs: readonly HashJob[],
  onDone?: (job: HashJob, index: number) => void,
): Promise<HashOutcome[]> {
  const total = jobs.reduce((sum, job) => sum + job.bytes, 0);
  const useWorkers = availableParallelism() > 1 && jobs.length > 1 && total >= THREADS_FROM_BYTES && taskCompiled(TASK);
  // Largest first, so one big file does not start last and finish alone.
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.bytes - jobs[a]!.bytes);
  const done = (k: number): void => onDone?.(jobs[order[k]!]!, order[k]!);
  const sorted = order.map((i) => jobs[i]!.path);
  const outcomes = useWorkers
    ? await runPool<string, HashOutcome>(sorted, TASK, { onDone: done })
    : await hashHere(sorted, done);
  const byJob = new Array<HashOutcome>(jobs.length);
  for (const [k, i] of order.entries()) byJob[i] = outcomes[k]!;
  return byJob;
}

async function hashHere(paths: readonly string[], done: (k: number) => void): Promise<HashOutcome[]> {
  const outcomes = new Array<HashOutcome>(paths.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < paths.length) {
      const k = next++;
      outcomes[k] = await hashOne(paths[k]!);
      done(k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, lane));
  return outcomes;
}
