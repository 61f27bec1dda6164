import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x as extract, type ReadEntry } from 'tar';
import { CaqError } from '../errors.js';
import { normaliseEntryPath, unsafePathReason } from '../verify/path-safety.js';

/** A bundle tarball never needs more; a larger one is refused before it fills the disk. */
const MAX_EXTRACTED_BYTES = 4 * 1024 ** 3;

/**
 * Unpacks a bundle .tar.gz into a fresh temp folder, refusing (not skipping)
 * links, devices, absolute paths and `..` segments, and returns the folder that
 * holds bundle.json (the archive's single `<name>-<version>/` top folder).
 */
export async function extractBundleTarball(file: string): Promise<{ root: string; bundleDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'caqbench-bundle-'));
  try {
    return await extractInto(file, root);
  } catch (error) {
    // The caller only learns of `root` on success: on failure it is ours to remove.
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function extractInto(file: string, root: string): Promise<{ root: string; bundleDir: string }> {
  const refused: string[] = [];
  let total = 0;
  const allow = (path: string, entry: ReadEntry | { size: number }): boolean => {
    const type = 'type' in entry ? entry.type : 'File';
    const reason =
      type !== 'File' && type !== 'OldFile' && type !== 'Directory'
        ? `${type} entry`
        : unsafePathReason(normaliseEntryPath(path));
    total += entry.size;
    if (reason !== null) refused.push(`${path}: ${reason}`);
    else if (total > MAX_EXTRACTED_BYTES)
      refused.push(`${path}: the archive unpacks to more than ${MAX_EXTRACTED_BYTES} bytes`);
    return reason === null && total <= MAX_EXTRACTED_BYTES;
  };
  try {
    await extract({ file, cwd: root, strict: true, preservePaths: false, filter: allow });
  } catch (error) {
    throw new CaqError('VERIFY_ARCHIVE_CORRUPT', `cannot unpack ${file}: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
  if (refused.length > 0) {
    throw new CaqError('VERIFY_UNSAFE_ENTRY', `${file} holds entries that are not safe to unpack`, {
      file,
      hint: refused.slice(0, 5).join('; '),
    });
  }
  const top = await readdir(root, { withFileTypes: true });
  if (top.some((e) => e.name === 'bundle.json')) return { root, bundleDir: root };
  if (top.length === 1 && top[0]!.isDirectory()) return { root, bundleDir: join(root, top[0]!.name) };
  throw new CaqError('VERIFY_FILE_MISSING', `${file} has no bundle.json under a single top folder`, { file });
}
