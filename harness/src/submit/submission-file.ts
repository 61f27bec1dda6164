import { schemaFindings } from '../schema/findings.js';
import { CaqError } from '../errors.js';
import { writeOutput } from '../fs/output.js';
import type { Submission } from './types.js';

/** Every schema finding as `<file>: <JSON pointer>: <message>` (ajv allErrors); empty when valid. */
export function submissionSchemaFindings(value: unknown, file = 'submission.json'): string[] {
  return schemaFindings('submission', file, value);
}

/**
 * Checks the submission against schemas/submission.schema.json, then writes it
 * through a temp file and a rename: a reader never sees half a file, and a
 * failed write leaves any earlier file at `path` as it was.
 */
export async function writeSubmission(path: string, submission: Submission): Promise<void> {
  const findings = submissionSchemaFindings(submission, path);
  if (findings.length > 0) {
    throw new CaqError(
      'INTERNAL',
      `the submission about to be written fails its own schema (${findings.length} findings)`,
      {
        file: path,
        hint: findings.slice(0, 10).join('\n'),
      },
    );
  }
  await writeOutput(path, `${JSON.stringify(submission, null, 2)}\n`);
}

/** Rows that carry a failure, across every run. */
export function failedRows(submission: Submission): number {
  return submission.runs.reduce((n, r) => n + r.files.filter((f) => f.failure !== null).length, 0);
}
