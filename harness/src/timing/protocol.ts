import { setTimeout as sleep } from 'node:timers/promises';
import type { Summary } from '../../../mock-engine/src/results.js';
import {
  judgeSpread,
  UNSTABLE_THRESHOLD,
  type SpreadJudgement,
} from '../../../mock-engine/src/metrics/stability-rule.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';

/**
 * The timing protocol: warm-up runs are discarded, counted runs keep every raw
 * sample, and the stability rule (mock-engine/src/metrics/stability-rule.ts)
 * re-measures a spread above the threshold once after a pause, then flags it.
 */
export interface ProtocolOptions {
  warmup: number;
  runs: number;
  /** MAD / median above which counted runs are re-measured, then flagged unstable. */
  unstableThreshold: number;
  /** Pause before the re-measure, so a burst of machine load can pass. */
  pauseMs: number;
}

export const TIMING_DEFAULTS: ProtocolOptions = {
  warmup: 1,
  runs: 5,
  unstableThreshold: UNSTABLE_THRESHOLD,
  pauseMs: 2000,
};

export interface Stability extends SpreadJudgement {
  /** What the spread was judged on, e.g. `run_cpu_s`. */
  metric: string;
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
  let judged = judgeSpread(counted.map(sampleOf), opts.unstableThreshold, false);
  if (judged.unstable) {
    await sleep(opts.pauseMs);
    counted = await countedRuns('remeasure');
    judged = judgeSpread(counted.map(sampleOf), opts.unstableThreshold, true);
  }
  return { counted, summary: summarize(counted.map(sampleOf)), stability: { metric, ...judged } };
}
