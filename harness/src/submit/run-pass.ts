import { failureOf } from './codec-call.js';
import type { PreparedCodec } from './codec-source.js';
import { measureFile, withVerdict, type FileJob, type MeasuredFile, type RunFileContext } from './run-file.js';
import type { SubmissionFileRun } from './types.js';
import { BATCH_BYTES, batchBytes, verifyBatch, type VerifyBatchOptions } from './verify-batch.js';

/**
 * Remembers each file's first compressed digest (warm-up included) for a codec
 * that claims determinism, and turns any later change into a failure row.
 */
export class DeterminismCheck {
  private readonly first = new Map<string, string>();

  check(row: SubmissionFileRun): SubmissionFileRun {
    if (row.compressed_sha256 === null || row.failure !== null) return row;
    const seen = this.first.get(row.file);
    if (seen === undefined) {
      this.first.set(row.file, row.compressed_sha256);
      return row;
    }
    if (seen === row.compressed_sha256) return row;
    const detail = `claims deterministic, but compressed SHA-256 ${row.compressed_sha256.slice(0, 16)}… differs from the first run's ${seen.slice(0, 16)}…`;
    return { ...row, failure: failureOf('compress', null, 'nondeterministic', detail) };
  }
}

export type RowListener = (row: SubmissionFileRun) => void;

/**
 * One pass over every file, in manifest order, one timed call at a time (timed calls never
 * share the machine with each other). Round trips are judged in batches between the timed
 * calls, on every core when a batch is large (verify-batch.ts): a batch is flushed once the
 * restored copies waiting in it reach BATCH_BYTES, so the temporary disk a pass holds stays
 * bounded, and at the end of the pass. Rows come out in manifest order either way.
 */
export async function runPass(
  codec: PreparedCodec,
  jobs: FileJob[],
  ctx: RunFileContext,
  determinism: DeterminismCheck | null,
  onRow?: RowListener,
  verifyOptions: VerifyBatchOptions = {},
): Promise<SubmissionFileRun[]> {
  const rows: SubmissionFileRun[] = [];
  let pending: MeasuredFile[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    try {
      const toVerify = batch.flatMap((m) => (m.verify === null ? [] : [m.verify]));
      const verdicts = await verifyBatch(toVerify, verifyOptions);
      let next = 0;
      for (const measured of batch) {
        const raw = measured.verify === null ? measured.row : withVerdict(measured.row, verdicts[next++]!);
        const row = determinism === null ? raw : determinism.check(raw);
        onRow?.(row);
        rows.push(row);
      }
    } finally {
      await Promise.all(batch.map((m) => m.dispose()));
    }
  };
  try {
    for (const job of jobs) {
      pending.push(await measureFile(codec, job, ctx));
      if (batchBytes(pending.flatMap((m) => (m.verify === null ? [] : [m.verify]))) >= BATCH_BYTES) await flush();
    }
    await flush();
  } finally {
    await Promise.all(pending.map((m) => m.dispose()));
  }
  return rows;
}
