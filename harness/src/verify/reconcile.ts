import type { ChecksumList } from './checksum-list.js';
import type { ListedInManifest, ManifestFacts } from './manifest.js';
import { BUNDLE_CHECKSUMS, MANIFEST_NAME } from './metadata.js';
import type { Finding, Inventory, PresentFile } from './types.js';

/** Files SHA256SUMS covers that bundle.json cannot list (it is hashed by them, or written after it). */
export const NOT_IN_MANIFEST = new Set([MANIFEST_NAME, 'README.md', 'run_canonical.sh', 'expected/results.json']);

function sources(inList: boolean, inManifest: boolean, listName: string): string {
  if (inList && inManifest) return `${listName} and bundle.json`;
  return inList ? listName : 'bundle.json';
}

/**
 * Cross-checks what is present against the checksum list and the manifest:
 * missing, unlisted, digest and size mismatches, and the two lists'
 * disagreements. A file whose two listed digests differ is reported as a
 * disagreement (naming the list it matches), not as a corrupt file.
 */
export function reconcile(
  inventory: Inventory,
  list: ChecksumList | null,
  manifest: ManifestFacts | null,
): { findings: Finding[]; checked: number } {
  const findings: Finding[] = [];
  let checked = 0;
  const listName = list?.name ?? BUNDLE_CHECKSUMS;
  const listed = new Set([...(list?.entries.keys() ?? []), ...(manifest?.files.keys() ?? [])]);
  for (const path of [...listed].sort()) {
    const fromList = list?.entries.get(path);
    const fromManifest = manifest?.files.get(path);
    if (list !== null && manifest !== null) {
      if (fromManifest !== undefined && fromList === undefined) {
        findings.push({
          code: 'VERIFY_MANIFEST_DISAGREES',
          path,
          pointer: fromManifest.pointer,
          message: `${path}: listed in bundle.json (${fromManifest.pointer}) but not in ${listName}`,
        });
      } else if (fromManifest === undefined && fromList !== undefined && !NOT_IN_MANIFEST.has(path)) {
        findings.push({
          code: 'VERIFY_MANIFEST_DISAGREES',
          path,
          message: `${path}: listed in ${listName} but not in bundle.json`,
        });
      }
    }
    const present = inventory.files.get(path);
    if (present === undefined) {
      if (inventory.complete && !inventory.rejected.has(path)) {
        findings.push({
          code: 'VERIFY_FILE_MISSING',
          path,
          message: `${path}: listed in ${sources(fromList !== undefined, fromManifest !== undefined, listName)} but not present`,
        });
      }
      continue;
    }
    if (present.sha256 === undefined) continue;
    checked += 1;
    findings.push(...digestFindings(path, present, fromList, fromManifest, listName));
  }
  // With neither a list nor a manifest there is nothing to be unlisted from; the missing list is reported instead.
  const unlistedApplies = list !== null || manifest !== null;
  for (const path of unlistedApplies ? [...inventory.files.keys()].sort() : []) {
    if (listed.has(path) || path === list?.name) continue;
    if (list === null && manifest !== null && NOT_IN_MANIFEST.has(path)) continue;
    findings.push({
      code: 'VERIFY_FILE_UNLISTED',
      path,
      message: `${path}: present but not listed in ${list === null ? 'bundle.json' : listName}`,
    });
  }
  if (manifest !== null) findings.push(...limitFindings(inventory, manifest));
  return { findings, checked };
}

/** One file's digest and size against what the list and the manifest say. */
function digestFindings(
  path: string,
  present: PresentFile,
  fromList: string | undefined,
  fromManifest: ListedInManifest | undefined,
  listName: string,
): Finding[] {
  const findings: Finding[] = [];
  const got = present.sha256;
  const wanted = fromManifest?.sha256;
  if (fromList !== undefined && wanted !== undefined && fromList !== wanted) {
    const matches =
      got === fromList ? `matches ${listName}` : got === wanted ? 'matches bundle.json' : 'matches neither';
    findings.push({
      code: 'VERIFY_MANIFEST_DISAGREES',
      path,
      pointer: `${fromManifest?.pointer}/sha256`,
      message: `${path}: bundle.json says sha256 ${wanted}, ${listName} says ${fromList}; the file (${got}) ${matches}`,
    });
    if (got !== fromList && got !== wanted)
      findings.push({ code: 'VERIFY_DIGEST_MISMATCH', path, message: `${path}: sha256 ${got} matches neither list` });
  } else {
    const expected = fromList ?? wanted;
    if (expected !== undefined && expected !== got) {
      findings.push({
        code: 'VERIFY_DIGEST_MISMATCH',
        path,
        message: `${path}: sha256 is ${got}, expected ${expected} (from ${sources(fromList !== undefined, wanted !== undefined, listName)})`,
      });
    }
  }
  if (fromManifest?.bytes !== undefined && fromManifest.bytes !== present.bytes) {
    findings.push({
      code: 'VERIFY_DIGEST_MISMATCH',
      path,
      pointer: `${fromManifest.pointer}/bytes`,
      message: `${path}: ${present.bytes} bytes, bundle.json says ${fromManifest.bytes}`,
    });
  }
  return findings;
}

/** The manifest's limits, counted as the build counts them: over the files of `files[]`. */
function limitFindings(inventory: Inventory, manifest: ManifestFacts): Finding[] {
  if (inventory.findings.some((f) => f.code === 'VERIFY_SIZE_LIMIT')) return [];
  const findings: Finding[] = [];
  const { maxFileBytes, maxTotalBytes } = manifest.limits;
  let total = 0;
  for (const [path, listed] of manifest.files) {
    const file = inventory.files.get(path);
    if (file === undefined || !listed.pointer.startsWith('/files/')) continue;
    total += file.bytes;
    if (maxFileBytes !== undefined && file.bytes > maxFileBytes) {
      findings.push({
        code: 'VERIFY_SIZE_LIMIT',
        path,
        pointer: '/limits/max_file_bytes',
        message: `${path}: ${file.bytes} bytes, more than limits.max_file_bytes (${maxFileBytes})`,
      });
    }
  }
  if (maxTotalBytes !== undefined && total > maxTotalBytes) {
    findings.push({
      code: 'VERIFY_SIZE_LIMIT',
      pointer: '/limits/max_total_bytes',
      message: `the files of files[] hold ${total} bytes, more than limits.max_total_bytes (${maxTotalBytes})`,
    });
  }
  return findings;
}
