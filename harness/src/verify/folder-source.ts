import type { Stats } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMetadataName, METADATA_MAX_BYTES, tooBig } from './metadata.js';
import { unsafePathReason } from './path-safety.js';
import type { Inventory } from './types.js';

/** Deeper than any bundle needs; stops a pathological tree from recursing without end. */
const MAX_DEPTH = 32;

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'symbolic link';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'device';
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}

/**
 * Walks a bundle folder without following anything: lstat only, so a symlink
 * is reported and never read through. Hardlinks (a regular file with more
 * than one name) are refused too, since the other name may lie outside.
 */
export async function scanFolder(root: string): Promise<Inventory> {
  const inventory: Inventory = {
    files: new Map(),
    metadata: new Map(),
    rejected: new Set(),
    findings: [],
    complete: true,
  };
  const unsafe = (path: string, message: string): void => {
    inventory.rejected.add(path);
    inventory.findings.push({ code: 'VERIFY_UNSAFE_ENTRY', path, message: `${path}: ${message}` });
  };
  const walk = async (relDir: string, depth: number): Promise<void> => {
    const names = (await readdir(join(root, relDir))).sort();
    for (const name of names) {
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const reason = unsafePathReason(rel);
      if (reason !== null) {
        unsafe(rel, reason);
        continue;
      }
      const stats = await lstat(join(root, rel));
      if (stats.isDirectory()) {
        if (depth >= MAX_DEPTH) unsafe(rel, `folders nested deeper than ${MAX_DEPTH}`);
        else await walk(rel, depth + 1);
      } else if (!stats.isFile()) {
        unsafe(rel, `${kindOf(stats)}; a bundle holds regular files only`);
      } else if (stats.nlink > 1) {
        unsafe(rel, `hardlink (${stats.nlink} names for one file); a bundle holds independent regular files only`);
      } else {
        inventory.files.set(rel, { bytes: stats.size });
        if (relDir === '' && isMetadataName(name)) await readMetadata(root, rel, stats.size, inventory);
      }
    }
  };
  await walk('', 0);
  return inventory;
}

async function readMetadata(root: string, rel: string, size: number, inventory: Inventory): Promise<void> {
  if (size > METADATA_MAX_BYTES) {
    inventory.findings.push(tooBig(rel, size));
    return;
  }
  inventory.metadata.set(rel, await readFile(join(root, rel)));
}
