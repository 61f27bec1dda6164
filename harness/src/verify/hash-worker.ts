/** The pool task of hash-pool.ts: one file's SHA-256; a read error is the file's outcome, not the task's failure. */
import { hashFile } from './hash-file.js';

export type HashOutcome = { sha256: string; bytes: number } | { error: string };

export default async function hash(path: string): Promise<HashOutcome> {
  try {
    return await hashFile(path);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
