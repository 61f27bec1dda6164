/**
 * Sharded validation: `validate --shard i/n --rerun N` spreads the maintainer's
 * re-run over n machines; `caqbench merge` joins the shard files into the report
 * the unsharded validation writes (docs/sharded-validation.md).
 */
import { resolve } from 'node:path';
import { CaqError } from '../../errors.js';
import type { SecretKey } from '../../signing/keys.js';
import type { Report } from '../report-types.js';
import { writeReport } from '../write-report.js';
import { mergeReportShards } from './merge-report-shards.js';
import { readJsonFile, readReportShard } from './read-report-shard.js';
import type { ReportShardInput } from './types.js';

export { mergeReportShards } from './merge-report-shards.js';
export { validateShard } from './validate-shard.js';
export type { ReportShard, ReportShardInput } from './types.js';

export const REPORT_SHARD_SCHEMA = 'caqbench/report-shard@1';

/** Whether the files are validation shards (true), results shards (false), or a mix (refused). */
export async function areReportShards(files: readonly string[], cwd: string): Promise<boolean> {
  const kinds = await Promise.all(
    files.map(async (file) => {
      const value = await readJsonFile(file, resolve(cwd, file));
      return (
        value !== null && typeof value === 'object' && (value as { schema?: unknown }).schema === REPORT_SHARD_SCHEMA
      );
    }),
  );
  if (kinds.every(Boolean)) return true;
  if (kinds.some(Boolean)) {
    const shards = files.filter((_, i) => kinds[i]);
    throw new CaqError('USAGE', `merge was given validation shards (${shards.join(', ')}) and results files together`, {
      file: shards[0],
      hint: 'merge the `validate --shard` outputs of one validation, or the `run --shard` results of one run, not both',
    });
  }
  return false;
}

/** Reads, merges and writes the report atomically, signed when a key is given; nothing is written on refusal. */
export async function mergeReportShardFiles(
  files: readonly string[],
  out: string,
  options: { cwd: string; key?: SecretKey },
): Promise<{ report: Report; warnings: string[]; signature: string | null }> {
  const shards: ReportShardInput[] = [];
  for (const file of files)
    shards.push(await readReportShard(file, await readJsonFile(file, resolve(options.cwd, file))));
  const { report, warnings } = mergeReportShards(shards);
  try {
    const written = await writeReport(report, resolve(options.cwd, out), options.key);
    return { report, warnings, signature: written.signature };
  } catch (error) {
    throw new CaqError(
      'USAGE',
      `cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { file: out, cause: error },
    );
  }
}
