import { availableParallelism } from 'node:os';
import { CaqError } from '../errors.js';
import { PoolTaskError, runPool, taskCompiled } from '../pool/index.js';
import { verifyRoundTrip, type RoundTripInput, type RoundTripVerdict } from './verify-roundtrip.js';

/**
 * Judges a batch of round trips, after the timed calls that produced them: digests,
 * first differences and distortion are deterministic, so they may take every core
 * (a worker pool), while timed calls never share the machine with them. Starting the
 * pool costs ~0.1 s and two cores give at most 2×, so it pays only for big batches;
 * measured on 2 cores (scripts/bench-verify-roundtrip.mjs): lossless digests break
 * even near 300–400 MiB (256 MiB: 0.74×, 512 MiB: 1.38×), lossy distortion, ~4× the
 * work per byte, near 100 MiB (128 MiB: 1.08×, 256 MiB: 1.42×). Hence the work weight
 * below. The compiled task sits beside this module in build/; run from sources (the
 * unit tests) it does not exist and the batch is judged here, one at a time —
 * `verifyBatch(…, { workers: 'always' })` from build/ tests the pool.
 */
export const WORKERS_FROM_WORK = 384 * (1 << 20);
/** A batch is judged once the restored copies waiting for it reach this, bounding a pass's temporary disk. */
export const BATCH_BYTES = 512 * (1 << 20);
const LOSSY_WEIGHT = 4;
const TASK = new URL('./verify-task.js', import.meta.url);

export interface VerifyBatchOptions {
  /** 'auto' (default): workers for a large batch when the compiled task exists; 'never'; 'always' (tests). */
  workers?: 'auto' | 'never' | 'always';
}

export function batchBytes(inputs: readonly RoundTripInput[]): number {
  return inputs.reduce((sum, input) => sum + input.file.bytes, 0);
}

/** Bytes weighted by what judging them costs: a lossy file's distortion ~4× a lossless digest. */
export function batchWork(inputs: readonly RoundTripInput[]): number {
  return inputs.reduce((sum, input) => sum + input.file.bytes * (input.lossless ? 1 : LOSSY_WEIGHT), 0);
}

function useWorkers(inputs: readonly RoundTripInput[], mode: VerifyBatchOptions['workers']): boolean {
  if (mode === 'never' || inputs.length < 2) return false;
  const compiled = taskCompiled(TASK);
  if (mode === 'always') {
    if (!compiled)
      throw new CaqError('INTERNAL', `the compiled verify task is missing: ${TASK.href}`, { hint: 'npm run build' });
    return true;
  }
  return compiled && availableParallelism() > 1 && batchWork(inputs) >= WORKERS_FROM_WORK;
}

/** The verdicts in input order. */
export async function verifyBatch(
  inputs: readonly RoundTripInput[],
  options: VerifyBatchOptions = {},
): Promise<RoundTripVerdict[]> {
  if (useWorkers(inputs, options.workers)) {
    try {
      return await runPool<RoundTripInput, RoundTripVerdict>(inputs, TASK);
    } catch (error) {
      if (!(error instanceof PoolTaskError)) throw error;
      throw cannotVerify(inputs[error.index]!, error.message, error);
    }
  }
  const verdicts: RoundTripVerdict[] = [];
  for (const input of inputs) {
    verdicts.push(
      await verifyRoundTrip(input).catch((error: unknown) => {
        throw cannotVerify(input, (error as Error).message, error);
      }),
    );
  }
  return verdicts;
}

/** The harness could not read an original or a restored copy it wrote itself: not the codec's failure. */
function cannotVerify(input: RoundTripInput, message: string, cause: unknown): CaqError {
  return new CaqError('INTERNAL', `cannot verify the round trip of ${input.file.path}: ${message}`, {
    file: input.file.path,
    cause,
  });
}
