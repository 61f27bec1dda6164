import type { Submission } from '../submit/types.js';
import { verdict } from './check-result.js';
import type { CheckResult } from './report-types.js';
import type { ManifestView } from './resolve-bundle.js';

/**
 * The files a codec must cover: every data file, or only the .npy tensors for an engine
 * tensor codec (external codecs always get raw bytes, as harness/src/submit runs them).
 */
export function expectedFiles(manifest: ManifestView, submission: Submission): string[] {
  const tensorOnly = submission.codec.engine_codec !== undefined && submission.codec.info.input === 'tensor';
  return manifest.files
    .filter((file) => file.role === 'data' && (!tensorOnly || file.format === 'npy'))
    .map((file) => file.path)
    .sort();
}

/** Every expected file exactly once in every run: none missing, none twice, none foreign. */
export function checkCoverage(submission: Submission, manifest: ManifestView): CheckResult {
  const expected = expectedFiles(manifest, submission);
  const findings: string[] = [];
  for (const run of submission.runs) {
    const counts = new Map<string, number>();
    for (const row of run.files) counts.set(row.file, (counts.get(row.file) ?? 0) + 1);
    for (const file of expected) {
      const count = counts.get(file) ?? 0;
      if (count === 0) findings.push(`run ${run.run}: ${file} is missing`);
      if (count > 1) findings.push(`run ${run.run}: ${file} appears ${count} times`);
    }
    for (const file of [...counts.keys()].sort()) {
      if (!expected.includes(file)) findings.push(`run ${run.run}: ${file} is not a data file of the bundle`);
    }
  }
  return verdict(
    'coverage',
    'SUBMISSION_COVERAGE',
    findings,
    `every one of the ${expected.length} data files is covered exactly once in each of the ${submission.runs.length} runs`,
    'data files are not covered exactly once per run',
    { data_files: expected.length, runs: submission.runs.length },
  );
}
