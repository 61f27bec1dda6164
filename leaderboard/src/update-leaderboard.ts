import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CaqError } from '../../harness/src/errors.js';
import { readTrustedKeys } from '../../harness/src/signing/keys.js';
import { guardOutputs, makeOutputDir, writeOutput } from '../../harness/src/fs/output.js';
import { buildLeaderboard } from './build-board.js';
import { EXPORTERS } from './export/index.js';
import { loadReports } from './load-reports.js';
import { sourceModels } from './source-models.js';
import { withLock, type LockOptions } from './lock.js';
import type { Leaderboard } from './types.js';

export interface UpdateOptions {
  reportsDir: string;
  keysFile: string;
  outDir: string;
  /** Reports (each with its `.minisig`) to copy into the reports folder before the build. */
  add?: string[];
  lock?: LockOptions;
}

/** Copies a report and its signature in (signature first, so a report never sits there unsigned). */
async function addReport(reportsDir: string, report: string): Promise<void> {
  const target = join(reportsDir, basename(report));
  const bytes = await readFile(report).catch((cause: unknown) => {
    throw new CaqError('LEADERBOARD_INPUT', `cannot read the report to add: ${(cause as Error).message}`, {
      file: report,
      cause,
    });
  });
  const existing = await readFile(target).catch(() => null);
  if (existing !== null && !existing.equals(bytes)) {
    throw new CaqError('LEADERBOARD_INPUT', 'a different report of that name is already in the reports folder', {
      file: target,
      hint: 'rename the report before adding it',
    });
  }
  const signature = await readFile(`${report}.minisig`).catch(() => null);
  if (signature !== null) await writeOutput(`${target}.minisig`, signature);
  await writeOutput(target, bytes);
}

/**
 * Rebuilds every output from the whole reports folder, under a lock in the output
 * folder, each file written atomically: concurrent updates serialise and lose nothing.
 */
export async function updateLeaderboard(options: UpdateOptions): Promise<Leaderboard> {
  const trusted = await readTrustedKeys(options.keysFile);
  await makeOutputDir(options.outDir);
  if ((options.add ?? []).length > 0) await makeOutputDir(options.reportsDir);
  const update = async (): Promise<Leaderboard> => {
    for (const report of options.add ?? []) await addReport(options.reportsDir, report);
    const { admitted, rejected } = await loadReports(options.reportsDir, trusted);
    const bundles = admitted.flatMap((a) =>
      a.report.submission.summary === null ? [] : [a.report.submission.summary.bundle],
    );
    const board = buildLeaderboard(admitted, rejected, await sourceModels(bundles));
    for (const exporter of EXPORTERS) await writeOutput(join(options.outDir, exporter.file), exporter.render(board));
    return board;
  };
  // The lock file is an output too: a folder it cannot be made in is named as such.
  return guardOutputs([options.outDir], () =>
    withLock(join(options.outDir, '.leaderboard.lock'), update, options.lock),
  );
}
