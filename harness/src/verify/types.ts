import type { CaqErrorCode } from '../errors.js';

/** One problem found in a bundle. `pointer` is a JSON pointer into bundle.json when the problem is there. */
export interface Finding {
  code: CaqErrorCode;
  path?: string;
  pointer?: string;
  message: string;
}

export interface VerifyReport {
  /** The folder or .tar.gz that was checked, as given. */
  target: string;
  kind: 'folder' | 'tarball';
  manifest: 'found' | 'absent' | 'invalid';
  /** Name of the checksum list that was used (`SHA256SUMS`, or a foreign folder's `checksum.sha256`…). */
  checksumFile: string | null;
  /** Files whose SHA-256 was computed and compared with at least one list. */
  files_checked: number;
  findings: Finding[];
  /** Remarks that are not failures, such as "no manifest found" for a foreign folder. */
  notes: string[];
  ok: boolean;
}

export interface VerifyOptions {
  /** Hard cap on the bytes a tarball may unpack to (default 1 GiB); the manifest's limits can only lower it. */
  maxBytes?: number;
  /** Hard cap on one tarball entry (default 256 MiB, never above maxBytes). */
  maxEntryBytes?: number;
  /** Called as each file's digest is done; for progress display only. */
  onFileHashed?: (path: string, bytes: number) => void;
}

/** A regular file found in the bundle; `sha256` is filled in once hashed. */
export interface PresentFile {
  bytes: number;
  sha256?: string;
}

/**
 * What a folder walk or a tarball stream found, before any list is consulted.
 * Paths are relative to the bundle root, `/`-separated.
 */
export interface Inventory {
  files: Map<string, PresentFile>;
  /** Bytes of the small files the checks read: bundle.json and checksum lists at the root. */
  metadata: Map<string, Buffer>;
  /** Paths of entries refused as unsafe (symlinks, devices…), so they are not also reported missing. */
  rejected: Set<string>;
  findings: Finding[];
  /** False when reading stopped early (corrupt archive, size limit): absent files then prove nothing. */
  complete: boolean;
}
