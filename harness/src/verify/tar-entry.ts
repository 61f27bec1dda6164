import type { ReadEntry } from 'tar';
import { normaliseEntryPath, unsafePathReason } from './path-safety.js';

export interface SizeCaps {
  /** Bytes of file content the whole archive may hold. */
  total: number;
  /** Bytes one entry may declare. */
  entry: number;
  /** Where each cap came from, for the message: the default, --max-bytes, or bundle.json. */
  totalSource: string;
  entrySource: string;
}

export const DEFAULT_MAX_BYTES = 1 << 30;
export const DEFAULT_MAX_ENTRY_BYTES = 256 << 20;

export function initialCaps(maxBytes?: number, maxEntryBytes?: number): SizeCaps {
  const total = maxBytes ?? DEFAULT_MAX_BYTES;
  const entry = Math.min(maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES, total);
  return {
    total,
    entry,
    totalSource: maxBytes === undefined ? 'default cap' : '--max-bytes',
    entrySource: entry === total && maxBytes !== undefined ? '--max-bytes' : 'default cap',
  };
}

/**
 * Room for the files the manifest's limits do not count (its limits cover
 * `files[]`; the engine, README, lists and expected results come on top).
 */
export const UNCOUNTED_ALLOWANCE = 16 << 20;

/**
 * Once bundle.json has gone by (sorted archives put it before data/), its
 * limits, plus the allowance above, bound the rest of the stream; the exact
 * limits are checked on `files[]` afterwards. They can only lower the caps: a
 * forged manifest must not lift the guard it is read under.
 */
export function tightenCaps(caps: SizeCaps, manifest: Buffer): void {
  let limits: unknown;
  try {
    limits = (JSON.parse(manifest.toString('utf8')) as { limits?: unknown }).limits;
  } catch {
    return;
  }
  if (typeof limits !== 'object' || limits === null) return;
  const { max_file_bytes: file, max_total_bytes: total } = limits as Record<string, unknown>;
  if (typeof total === 'number' && total >= 0 && total + UNCOUNTED_ALLOWANCE < caps.total) {
    caps.total = total + UNCOUNTED_ALLOWANCE;
    caps.totalSource = 'bundle.json limits.max_total_bytes + 16 MiB for files outside files[]';
  }
  const entry = typeof file === 'number' && file >= 0 ? Math.max(file, UNCOUNTED_ALLOWANCE) : Infinity;
  if (entry < caps.entry) {
    caps.entry = entry;
    caps.entrySource = 'bundle.json limits.max_file_bytes, at least 16 MiB';
  }
}

export type EntryVerdict =
  | { kind: 'file'; rel: string; root: string | undefined }
  | { kind: 'skip'; root: string | undefined }
  | { kind: 'unsafe'; reason: string; rel?: string; root: string | undefined };

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_KINDS: Record<string, string> = {
  SymbolicLink: 'symbolic link',
  Link: 'hardlink',
  CharacterDevice: 'character device',
  BlockDevice: 'block device',
  FIFO: 'FIFO',
};

/**
 * Decides what one tar entry is. The bundle's root folder (`<name>-<version>/`)
 * is taken from the first safe entry; entries outside it would scatter files
 * beside the bundle on extraction, so they are unsafe too.
 */
export function classifyEntry(
  entry: ReadEntry,
  ignoredByParser: boolean,
  knownRoot: string | undefined,
  seen: Set<string>,
): EntryVerdict {
  const path = normaliseEntryPath(entry.path);
  const unsafe = unsafePathReason(path);
  if (unsafe !== null) return { kind: 'unsafe', reason: unsafe, root: knownRoot };
  const isDir = entry.type === 'Directory';
  const root = knownRoot ?? (path.includes('/') ? (path.split('/')[0] as string) : isDir ? path : '');
  let rel: string;
  if (root === '') rel = path;
  else if (path === root && isDir) rel = '';
  else if (path.startsWith(`${root}/`)) rel = path.slice(root.length + 1);
  else return { kind: 'unsafe', reason: `outside the archive's top-level folder '${root}/'`, root };
  if (seen.has(path))
    return { kind: 'unsafe', reason: 'duplicate entry (extraction would overwrite the first copy)', rel, root };
  seen.add(path);
  if (isDir) return { kind: 'skip', root };
  if (!ignoredByParser && REGULAR.has(entry.type)) return { kind: 'file', rel, root };
  const what = LINK_KINDS[entry.type];
  const reason =
    what === undefined
      ? `unsupported entry type '${entry.type}'`
      : `${what}${entry.linkpath ? ` to '${entry.linkpath}'` : ''}; a bundle holds regular files only`;
  return { kind: 'unsafe', reason, rel, root };
}
