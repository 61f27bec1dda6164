/** The small files verify reads whole: the manifest and checksum lists at the bundle root. */
import type { Finding } from './types.js';

export const MANIFEST_NAME = 'bundle.json';
export const BUNDLE_CHECKSUMS = 'SHA256SUMS';

/** Checksum lists a foreign folder may carry, in the order they are looked for. */
const FOREIGN_LISTS = ['SHA256SUMS', 'sha256sums.txt', 'sha256sums', 'checksum.sha256', 'checksums.sha256'];

/** Manifests and lists are text a few KiB long; this bounds what is held in memory. */
export const METADATA_MAX_BYTES = 16 << 20;

export function isMetadataName(name: string): boolean {
  return name === MANIFEST_NAME || FOREIGN_LISTS.includes(name) || name.endsWith('.sha256');
}

/** The checksum list to use among the root files present, or null when there is none. */
export function pickChecksumList(rootNames: Iterable<string>, hasManifest: boolean): string | null {
  const names = [...rootNames];
  if (hasManifest) return names.includes(BUNDLE_CHECKSUMS) ? BUNDLE_CHECKSUMS : null;
  for (const name of FOREIGN_LISTS) if (names.includes(name)) return name;
  return names.filter((n) => n.endsWith('.sha256')).sort()[0] ?? null;
}

export function tooBig(rel: string, size: number): Finding {
  return {
    code: 'VERIFY_SIZE_LIMIT',
    path: rel,
    message: `${rel}: ${size} bytes is more than the ${METADATA_MAX_BYTES} allowed for a manifest or checksum list`,
  };
}
