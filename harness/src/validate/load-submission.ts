import { readFile } from 'node:fs/promises';
import { CaqError } from '../errors.js';
import { jsonErrorOffset } from './json-error-offset.js';

/** Far above any real submission; stops a hostile file from exhausting memory before its schema is checked. */
const MAX_SUBMISSION_BYTES = 64 * 1024 * 1024;

export type LoadedSubmission = { ok: true; value: unknown; bytes: Buffer } | { ok: false; problem: string };

/** Line and column (1-based) of a character offset, for messages a person can act on. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function location(text: string): string {
  const offset = jsonErrorOffset(text);
  if (offset === null) return 'an unknown position';
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}`;
}

/**
 * Reads and parses a submission. An unreadable file is a usage error (there is
 * nothing to report on); malformed JSON is a finding of the schema check.
 */
export async function loadSubmission(path: string): Promise<LoadedSubmission> {
  const bytes = await readFile(path).catch((cause: unknown) => {
    throw new CaqError('USAGE', `cannot read the submission: ${(cause as Error).message}`, { file: path, cause });
  });
  if (bytes.length > MAX_SUBMISSION_BYTES) {
    return {
      ok: false,
      problem: `${path}: ${bytes.length} bytes, above the ${MAX_SUBMISSION_BYTES}-byte limit for a submission`,
    };
  }
  const text = bytes.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text), bytes };
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, problem: `${path}: malformed JSON at ${location(text)}: ${message}` };
  }
}
