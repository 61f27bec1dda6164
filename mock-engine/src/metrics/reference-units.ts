/**
 * Codec CPU in reference units: for each counted call, its CPU divided by the
 * CPU of the reference workload timed beside it (metrics/cpu.ts), and the
 * smallest of those ratios. A machine that is busy or slower stretches call
 * and reference alike, so the ratio keeps still where raw seconds move.
 * The minimum, not the median: measured on 2 busy cores, a counted call now
 * and then also pays for a major GC or an interrupt (a 1.5 ms decode measured
 * 10–28 ms in 2 or 3 of 5 calls, load or not), which only ever adds CPU to
 * that call; the median of 5 ratios then moved CAQ by up to 2.8% and failed
 * 3 runs in 20, the minimum moved it by at most 0.9% (20/20 passes).
 */
import { caq } from './caq.js';

/** The smallest reference time credited, so a pair is never divided by a zero reading. */
const MIN_REFERENCE_S = 1e-6;

/** One call's CPU in reference units: its seconds over the seconds of the reference timed beside it. */
export function inReferenceUnits(sample: number, reference: number): number {
  return sample / Math.max(reference, MIN_REFERENCE_S);
}

/** Smallest over pairs of sample / reference; 0 when there are no samples (a failed decode). */
export function referenceUnits(samples: readonly number[], references: readonly number[]): number {
  if (samples.length !== references.length)
    throw new RangeError(`${samples.length} samples but ${references.length} reference timings`);
  if (samples.length === 0) return 0;
  return Math.min(...samples.map((s, i) => inReferenceUnits(s, references[i]!)));
}

/**
 * CAQ with CPU expressed in one machine's seconds: `cpuRefUnits × referenceSeconds`
 * is the CPU the calls would have taken where one reference call takes
 * `referenceSeconds`. Both sides of a comparison use the expected run's
 * reference median, so they share one scale.
 */
export function normalisedCaq(ratio: number, cpuRefUnits: number, referenceSeconds: number): number {
  return caq(ratio, cpuRefUnits * referenceSeconds);
}
