import { failureOf } from './codec-call.js';
import type { PreparedCodec } from './codec-source.js';
import { runFile, type FileJob, type RunFileContext } from './run-file.js';
import type { SubmissionFileRun } from './types.js';

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

/** One pass over every file, in manifest order, one call at a time (timed calls never share the machine with each other). */
export async function runPass(
  codec: PreparedCodec,
  jobs: FileJob[],
  ctx: RunFileContext,
  determinism: DeterminismCheck | null,
  onRow?: RowListener,
): Promise<SubmissionFileRun[]> {
  const rows: SubmissionFileRun[] = [];
  for (const job of jobs) {
    const raw = await runFile(codec, job, ctx);
    const row = determinism === null ? raw : determinism.check(raw);
    onRow?.(row);
    rows.push(row);
  }
  return rows;
}
