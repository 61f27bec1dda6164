import { readFileSync } from 'node:fs';
import { referenceCall, referenceIdentity, type ReferenceIdentity } from '../../../mock-engine/src/metrics/reference.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import type { Summary } from '../../../mock-engine/src/results.js';

/**
 * The project's reference workload (mock-engine/src/metrics/reference.ts: fflate
 * deflate of a fixed 32 KiB buffer) timed beside every counted external codec
 * call, as the engine times it beside its in-process calls: a sample just before
 * the call and one just after, the call paired with their mean. Whatever slows
 * this machine down during the call (other processes on the cores, a slower or
 * throttled CPU) slows the reference too, so call / reference — CPU in reference
 * units — moves far less than raw seconds between sessions and machines.
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
/** The reference's JIT warm-up, once per process: its first calls run up to 3× slower. */
const WARMUP_CALLS = 100;

const SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * CPU seconds of this thread alone: Linux's schedstat, in nanoseconds. The
 * process-wide `process.cpuUsage()` would also count V8's helper threads, which
 * collect the garbage a codec call left behind (measured: samples 2–3× the
 * quiet figure right after a call); elsewhere it is the fallback.
 */
function threadCpuSeconds(): number {
  try {
    return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ', 1)[0]) / 1e9;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  }
}

let warm = false;

/** Seconds of CPU per reference call, over one sample of CALLS_PER_SAMPLE calls. */
export function referenceSample(): number {
  if (!warm) {
    for (let i = 0; i < WARMUP_CALLS; i++) referenceCall();
    warm = true;
  }
  const start = threadCpuSeconds();
  for (let i = 0; i < CALLS_PER_SAMPLE; i++) referenceCall();
  return (threadCpuSeconds() - start) / CALLS_PER_SAMPLE;
}

/** Runs `call` between two reference samples and returns its result with the reference seconds paired with it (null: `pair` off). */
export async function withReference<T>(pair: boolean, call: () => Promise<T>): Promise<{ result: T; reference_cpu_s: number | null }> {
  if (!pair) return { result: await call(), reference_cpu_s: null };
  const before = referenceSample();
  const result = await call();
  const after = referenceSample();
  return { result, reference_cpu_s: (before + after) / 2 };
}

/** The submission's `reference` block: what was timed and every paired sample; null when no call was paired. */
export function referenceTiming(samples: readonly number[]): ReferenceTiming | null {
  return samples.length === 0 ? null : { ...referenceIdentity(), cpu_s: summarize(samples) };
}
