import { setTimeout as sleep } from 'node:timers/promises';
import type { Summary } from '../../../mock-engine/src/results.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';

/**
 * The timing protocol: warm-up runs are discarded, counted runs keep every raw
 * sample, and a spread above the threshold (MAD / median) is re-measured once
 * after a pause, then flagged rather than hidden.
 */
export interface ProtocolOptions {
  warmup: number;
  runs: number;
  /** MAD / median above which counted runs are re-measured, then flagged unstable. */
  unstableThreshold: number;
  /** Pause before the re-measure, so a burst of machine load can pass. */
  pauseMs: number;
}

export const TIMING_DEFAULTS: ProtocolOptions = { warmup: 1, runs: 5, unstableThreshold: 0.05, pauseMs: 2000 };

export interface Stability {
  /** What the spread was judged on, e.g. `run_cpu_s`. */
  metric: string;
  /** MAD / median of the kept counted runs. */
  relative_mad: number;
  threshold: number;
  /** The first counted runs were over the threshold and were measured again. */
  remeasured: boolean;
  /** Still over the threshold after the re-measure. */
  unstable: boolean;
}

/** The spread the unstable flag is judged on; 0 for a zero median (nothing to be unstable about). */
export function relativeMad(summary: Summary): number {
  return summary.median === 0 ? 0 : summary.mad / Math.abs(summary.median);
}

export type Phase = 'warmup' | 'counted' | 'remeasure';

export interface ProtocolResult<T> {
  /** The kept counted runs (the re-measured ones when a re-measure happened). */
  counted: T[];
  summary: Summary;
  stability: Stability;
}

export async function measureWithProtocol<T>(
  opts: ProtocolOptions,
  metric: string,
  once: (index: number, phase: Phase) => Promise<T>,
  sampleOf: (result: T) => number,
): Promise<ProtocolResult<T>> {
  for (let i = 0; i < opts.warmup; i++) await once(i, 'warmup');
  const countedRuns = async (phase: Phase): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < opts.runs; i++) out.push(await once(i, phase));
    return out;
  };
  let counted = await countedRuns('counted');
  let summary = summarize(counted.map(sampleOf));
  const remeasured = relativeMad(summary) > opts.unstableThreshold;
  if (remeasured) {
    await sleep(opts.pauseMs);
    counted = await countedRuns('remeasure');
    summary = summarize(counted.map(sampleOf));
  }
  const spread = relativeMad(summary);
  return {
    counted,
    summary,
    stability: { metric, relative_mad: spread, threshold: opts.unstableThreshold, remeasured, unstable: spread > opts.unstableThreshold },
  };
}
