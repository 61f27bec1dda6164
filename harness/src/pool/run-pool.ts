/**
 * A small pool of worker threads for deterministic work (hashing, round-trip
 * checks, distortion): the answer does not depend on which core computes it.
 *
 * Never for timed work. A measured codec call must have a core to itself, and
 * worker threads charge their CPU to the whole process: a timed run next to a
 * busy pool would be charged for the pool's work. Timed runs stay serial.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CaqError } from '../errors.js';
import { moduleUrl } from './module-url.js';

/** Beyond this, threads mostly fight over memory bandwidth and the disk. */
export const MAX_POOL_SIZE = 8;

export interface PoolOptions {
  /** Threads to start; default one per core (os.availableParallelism()), never above MAX_POOL_SIZE or the number of inputs. */
  size?: number;
  /** Called as each input's output arrives (progress), with the input's index. */
  onDone?: (index: number) => void;
}

/** A task threw inside its worker: which input, and what it said. */
export class PoolTaskError extends Error {
  readonly index: number;
  /** The thrown error's `code` (an errno name such as ENOENT), when it had one. */
  readonly code: string | null;

  constructor(index: number, message: string, code: string | null) {
    super(message);
    this.name = 'PoolTaskError';
    this.index = index;
    this.code = code;
  }
}

type Reply<O> = { id: number; output: O } | { id: number; error: { message: string; code: string | null } };

// Loads the task module named in workerData, then answers {id, input} with {id, output} or {id, error}.
const BOOTSTRAP = moduleUrl(`
import { parentPort, workerData } from 'node:worker_threads';
const { default: task } = await import(workerData.task);
parentPort.on('message', async ({ id, input }) => {
  try {
    parentPort.postMessage({ id, output: await task(input) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error?.message ?? error), code: typeof error?.code === 'string' ? error.code : null } });
  }
});
`);

/** True when `task` is a compiled module on disk (from build/), false run from sources, where it does not exist. */
export function taskCompiled(task: URL): boolean {
  return task.protocol === 'data:' || (task.protocol === 'file:' && existsSync(fileURLToPath(task)));
}

export function poolSize(inputs: number, requested?: number): number {
  return Math.max(1, Math.min(requested ?? availableParallelism(), MAX_POOL_SIZE, inputs));
}

/**
 * Runs the default export of the ES module `task` (a `file:` or `data:` URL;
 * input and output must be structured-cloneable) on every input, spread over
 * the pool, and returns the outputs in input order. The first failing task
 * rejects the whole call with a PoolTaskError; a crashed worker with INTERNAL.
 */
export async function runPool<I, O>(inputs: readonly I[], task: URL, opts: PoolOptions = {}): Promise<O[]> {
  if (inputs.length === 0) return [];
  const outputs = new Array<O>(inputs.length);
  const workers = Array.from(
    { length: poolSize(inputs.length, opts.size) },
    () => new Worker(BOOTSTRAP, { workerData: { task: task.href } }),
  );
  let next = 0;
  const lane = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const send = (): void => {
        if (next >= inputs.length) return resolve();
        const id = next++;
        worker.postMessage({ id, input: inputs[id] });
      };
      worker.on('message', (reply: Reply<O>) => {
        if ('error' in reply) return reject(new PoolTaskError(reply.id, reply.error.message, reply.error.code));
        outputs[reply.id] = reply.output;
        opts.onDone?.(reply.id);
        send();
      });
      worker.once('error', (error) =>
        reject(new CaqError('INTERNAL', `a pool worker failed: ${error.message}`, { cause: error })),
      );
      worker.once('exit', (status) =>
        reject(new CaqError('INTERNAL', `a pool worker exited early (status ${status})`)),
      );
      send();
    });
  try {
    await Promise.all(workers.map(lane));
    return outputs;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
