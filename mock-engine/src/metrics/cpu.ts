/**
 * CPU seconds of one in-process codec call, from `process.cpuUsage()` (user +
 * system, microsecond resolution) taken immediately around the call: no
 * start-up, no file I/O. Measured on this project's 2-core machines under load:
 * - a full GC before *each* call made things worse: V8 sweeps after it, on
 *   helper threads or lazily, and that cost lands in the timed call; so the GC
 *   runs once per measurement, before the warm-up, which absorbs the sweep;
 * - the first calls of a codec pay for JIT compilation (on background threads,
 *   still counted by cpuUsage); so warm-up lasts at least `warmup` calls and at
 *   least WARMUP_CPU_S of CPU (at most WARMUP_MAX_CALLS calls).
 * Other processes on the same cores slow the whole process (caches, memory
 * bandwidth, frequency) by up to 2× for stretches of seconds, and cpuUsage
 * counts that slowdown. So the reference workload (reference.ts) is timed
 * between consecutive counted calls — R₀ C₁ R₁ C₂ … Cₙ Rₙ — and call i is paired
 * with the mean of the references on either side of it, which cancels a load
 * that rises or falls across the call; see reference-units.ts for the figure.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { referenceCall } from './reference.js';

const WARMUP_CPU_S = 0.03;
const WARMUP_MAX_CALLS = 50;

export const CPU_CLOCK =
  'process.cpuUsage (user+system) around each codec call; full GC before the warm-up; warm-up of at least the given calls and 30 ms CPU (max 50 calls); the reference workload timed between consecutive counted calls, each call paired with the mean of its two neighbours';

/** The reference's own JIT warm-up: its first calls are slower and would skew the first pairs. */
const REFERENCE_WARMUP_CALLS = 20;

let cachedGc: (() => void) | null | undefined;

/**
 * `globalThis.gc` when node runs with --expose-gc; otherwise the flag is set
 * now and `gc` fetched from a fresh context (V8 installs it there), so the
 * engine gets a GC whatever command line started it.
 */
export function collectGarbage(): (() => void) | null {
  if (cachedGc !== undefined) return cachedGc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (cachedGc = exposed);
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    cachedGc = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    cachedGc = null;
  }
  return cachedGc;
}

export interface CpuMeasurement<T> {
  /** Seconds per counted call, in run order. */
  samples: number[];
  /** Seconds of the reference workload paired with each counted call (mean of the reference before and after it). */
  references: number[];
  /** The last call's result (every call gets the same input and must give the same output). */
  result: T;
}

function cpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

let referenceWarm = false;

/** CPU seconds of one reference call. */
function timeReference(): number {
  const start = process.cpuUsage();
  referenceCall();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function measureCpu<T>(fn: () => T, opts: { runs: number; warmup: number }): CpuMeasurement<T> {
  if (!Number.isInteger(opts.runs) || opts.runs < 1)
    throw new RangeError(`runs must be a positive integer, got ${opts.runs}`);
  collectGarbage()?.();
  if (!referenceWarm) {
    for (let i = 0; i < REFERENCE_WARMUP_CALLS; i += 1) referenceCall();
    referenceWarm = true;
  }
  const warmStart = cpuSeconds();
  for (
    let calls = 0;
    calls < opts.warmup || (cpuSeconds() - warmStart < WARMUP_CPU_S && calls < WARMUP_MAX_CALLS);
    calls += 1
  )
    fn();
  const samples: number[] = [];
  const references: number[] = [];
  let before = timeReference();
  let result: T | undefined;
  for (let i = 0; i < opts.runs; i += 1) {
    const start = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1e6);
    const after = timeReference();
    references.push((before + after) / 2);
    before = after;
  }
  return { samples, references, result: result as T };
}
