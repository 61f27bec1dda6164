import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CaqError } from '../errors.js';

export interface TreeEntry {
  /** Path relative to the walked root, '/'-separated, as on disk. */
  path: string;
  type: 'dir' | 'file';
}

/**
 * Byte-wise order of the NFC-normalised UTF-8 names: the same on every file
 * system (some store NFD) and in every locale.
 */
export function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a.normalize('NFC'), 'utf8'), Buffer.from(b.normalize('NFC'), 'utf8'));
}

/**
 * Every directory and regular file under `root`, sorted byte-wise, so that
 * archive and checksum order never depend on readdir order. A bundle holds
 * nothing else: a symlink or device here is a bug, not something to archive.
 */
export async function walkSorted(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  async function visit(dir: string, prefix: string): Promise<void> {
    for (const name of await readdir(dir)) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      const info = await lstat(join(dir, name));
      if (info.isDirectory()) {
        entries.push({ path, type: 'dir' });
        await visit(join(dir, name), path);
      } else if (info.isFile()) {
        entries.push({ path, type: 'file' });
      } else {
        throw new CaqError('INTERNAL', `unexpected non-regular file in a bundle: ${path}`, { file: join(dir, name) });
      }
    }
  }
  await visit(root, '');
  return entries.sort((a, b) => compareBytewise(a.path, b.path));
}
