import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  referenceBuffer,
  referenceIdentity,
  type ReferenceIdentity,
} from '../../../mock-engine/src/metrics/reference.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import type { Summary } from '../../../mock-engine/src/results.js';
import { CaqError } from '../errors.js';

/**
 * The project's reference workload (mock-engine/src/metrics/reference.ts: fflate
 * deflate of a fixed 32 KiB buffer) timed beside every counted external codec
 * call, as the engine times it beside its in-process calls: a sample just before
 * the call and one just after, the call paired with their mean. Whatever slows
 * this machine down during the call (other processes on the cores, a slower or
 * throttled CPU) slows the reference too, so call / reference — CPU in reference
 * units — moves less than raw seconds between sessions and machines.
 *
 * The samples are taken on a worker thread of their own, on that thread's CPU
 * clock (Linux schedstat, ns): on the harness's main thread they were charged for
 * the harness's own garbage and heap growth (measured: the median sample of each
 * run rose steadily by 20% over one gzip submission whose codec CPU held within 2%).
 */
export interface ReferenceTiming extends ReferenceIdentity {
  /** Every paired reference sample of the counted runs (seconds per reference call), rows in run order, encode then decode. */
  cpu_s: Summary;
}

/**
 * Reference calls per sample: one call is about 1 ms, and a sample of several
 * averages away the interrupts and cache misses that a single millisecond catches.
 */
const CALLS_PER_SAMPLE = 8;
/** The reference's JIT warm-up: its first calls run up to 3× slower. */
const WARMUP_CALLS = 100;

// A CommonJS eval worker, so it loads the same way from the TypeScript sources and from build/.
// `deflateSync(buffer, { level: 6 })` is the engine's referenceCall; the output size it reports
// is checked against the engine's own, so the two cannot drift apart unnoticed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { deflateSync } = require(workerData.fflate);
const call = () => deflateSync(workerData.buffer, { level: 6 }).length;
const clock = () => {
  try { return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e9; }
  catch { const used = process.cpuUsage(); return (used.user + used.system) / 1e6; }
};
let bytes = 0;
for (let i = 0; i < workerData.warmup; i++) bytes = call();
parentPort.postMessage(bytes);
parentPort.on('message', (calls) => {
  const start = clock();
  for (let i = 0; i < calls; i++) call();
  parentPort.postMessage((clock() - start) / calls);
});
`;

/** The reference workload on its own thread, sampled on request; `close` it when the session ends. */
export class ReferenceClock {
  private waiting: ((value: number) => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (value: number) => this.waiting?.(value));
  }

  static async start(): Promise<ReferenceClock> {
    const fflate = createRequire(import.meta.url).resolve('fflate');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { fflate, buffer: referenceBuffer(), warmup: WARMUP_CALLS },
    });
    const clock = new ReferenceClock(worker);
    const bytes = await clock.next();
    const expected = referenceIdentity().compressed_bytes;
    if (bytes !== expected) {
      await clock.close();
      throw new CaqError(
        'INTERNAL',
        `the reference worker's deflate gave ${bytes} bytes, the engine's reference workload ${expected}`,
      );
    }
    return clock;
  }

  private next(): Promise<number> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void =>
        reject(new CaqError('INTERNAL', `the reference worker failed: ${error.message}`, { cause: error }));
      this.worker.once('error', failed);
      this.waiting = (value) => {
        this.worker.off('error', failed);
        this.waiting = null;
        resolve(value);
      };
    });
  }

  /** Seconds of CPU per reference call, over one sample of CALLS_PER_SAMPLE calls. */
  sample(): Promise<number> {
    const reply = this.next();
    this.worker.postMessage(CALLS_PER_SAMPLE);
    return reply;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs `call` between two reference samples; returns its result with the reference seconds paired with it (null without a clock). */
export async function withReference<T>(
  clock: ReferenceClock | null,
  call: () => Promise<T>,
): Promise<{ result: T; reference_cpu_s: number | null }> {
  if (clock === null) return { result: await call(), reference_cpu_s: null };
  const before = await clock.sample();
  const result = await call();
  const after = await clock.sample();
  return { result, reference_cpu_s: (before + after) / 2 };
}

/** The submission's `reference` block: what was timed and every paired sample; null when no call was paired. */
export function referenceTiming(samples: readonly number[]): ReferenceTiming | null {
  return samples.length === 0 ? null : { ...referenceIdentity(), cpu_s: summarize(samples) };
}
