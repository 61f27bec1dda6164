/**
 * Outputs the harness writes (bundles, submissions, reports, keys, merged
 * files, leaderboards): written atomically (mock-engine/src/fs/atomic-write.ts),
 * and a failure to write one is OUTPUT_UNWRITABLE naming the path and the
 * system's reason, never an internal error with a stack trace.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../../mock-engine/src/fs/atomic-write.js';
import { CaqError } from '../errors.js';

/** The system's reasons an output cannot be written, in words. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is in the way',
  ENOENT: 'its folder does not exist',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for the file system',
  EROFS: 'the file system is read-only',
};
/** Reasons that come without a path (a failed write(2)): the output being written is the one named. */
const PATHLESS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

function errno(error: unknown): { code: string; paths: string[] } | null {
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | null;
  if (typeof e?.code !== 'string' || REASONS[e.code] === undefined) return null;
  return { code: e.code, paths: [e.dest, e.path].filter((p): p is string => p !== undefined) };
}

function unwritable(file: string, code: string, cause?: unknown): CaqError {
  return new CaqError('OUTPUT_UNWRITABLE', `cannot write ${file}: ${REASONS[code]} (${code})`, {
    file,
    cause,
    hint: 'choose an output path in a writable folder with free space',
  });
}

function inside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}

/** The error as OUTPUT_UNWRITABLE when it is a system failure to write under one of `roots`; otherwise as it is. */
export function asOutputError(error: unknown, roots: readonly string[]): unknown {
  const found = errno(error);
  if (found === null || error instanceof CaqError) return error;
  if (found.paths.length > 0) {
    const ours = found.paths.find((path) => roots.some((root) => inside(path, root)));
    return ours === undefined ? error : unwritable(ours, found.code, error);
  }
  return PATHLESS.has(found.code) && roots[0] !== undefined ? unwritable(roots[0], found.code, error) : error;
}

/** Runs `work`, naming a failure to write under `roots` (files or folders) as OUTPUT_UNWRITABLE. */
export async function guardOutputs<T>(roots: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asOutputError(error, roots);
  }
}

/** Writes one output file atomically, creating its folder: any failure to do so is this output's. */
export async function writeOutput(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, data, mode);
  } catch (error) {
    const found = errno(error);
    throw found === null ? error : unwritable(path, found.code, error);
  }
}

/** Creates an output folder (and its parents). */
export function makeOutputDir(path: string): Promise<void> {
  return guardOutputs([path], async () => {
    await mkdir(path, { recursive: true });
  });
}

/**
 * Checks, before a long run, that `path` could be written: not a folder, and its
 * nearest existing ancestor a writable folder. Nothing is created.
 */
export async function checkOutputWritable(path: string): Promise<void> {
  const target = await stat(path).catch(() => null);
  if (target?.isDirectory()) throw unwritable(path, 'EISDIR');
  let folder = dirname(resolve(path));
  for (;;) {
    // Absent (or under a file, which the walk up then finds): it would be created.
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' || error.code === 'ENOTDIR' ? null : error,
    );
    if (info instanceof Error) throw asOutputError(info, [folder]);
    if (info !== null) {
      if (!info.isDirectory()) throw unwritable(folder, 'ENOTDIR');
      await access(folder, constants.W_OK | constants.X_OK).catch((error: unknown) => {
        throw asOutputError(error, [folder]);
      });
      return;
    }
    folder = dirname(folder);
  }
}
