import { join } from 'node:path';
import { writeFileAtomic } from '../../../mock-engine/src/fs/atomic-write.js';
import { sha256File } from './hash.js';
import { walkSorted } from './walk.js';

export const CHECKSUMS_FILE = 'SHA256SUMS';

/**
 * `SHA256SUMS` in GNU coreutils format (`<hex>  <path>\n`, sorted byte-wise)
 * over every file of the folder except itself, so `sha256sum -c --strict
 * SHA256SUMS` passes inside the folder. Paths never need coreutils' backslash
 * escaping: the manifest schema forbids backslashes and control characters.
 */
export async function writeChecksums(folder: string): Promise<string> {
  const lines: string[] = [];
  for (const entry of await walkSorted(folder)) {
    if (entry.type !== 'file' || entry.path === CHECKSUMS_FILE) continue;
    if (/[\\\n\r]/.test(entry.path))
      throw new Error(`path needs escaping in ${CHECKSUMS_FILE}: ${JSON.stringify(entry.path)}`);
    lines.push(`${await sha256File(join(folder, entry.path))}  ${entry.path}\n`);
  }
  const text = lines.join('');
  await writeFileAtomic(join(folder, CHECKSUMS_FILE), text);
  return text;
}
