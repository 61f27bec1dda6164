import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CaqError } from '../errors.js';
import { type ChecksumList, parseChecksumList } from './checksum-list.js';
import { scanFolder } from './folder-source.js';
import { hashFiles } from './hash-pool.js';
import { type ManifestFacts, readManifest } from './manifest.js';
import { BUNDLE_CHECKSUMS, MANIFEST_NAME, pickChecksumList } from './metadata.js';
import { reconcile } from './reconcile.js';
import { initialCaps } from './tar-entry.js';
import { scanTarball } from './tarball-source.js';
import type { Finding, Inventory, VerifyOptions, VerifyReport } from './types.js';

/**
 * Verifies a bundle folder or .tar.gz and returns every finding; never stops
 * at the first. Throws only when the target itself cannot be examined.
 */
export async function verifyBundle(target: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const stats = await stat(target).catch((error: NodeJS.ErrnoException) => {
    throw new CaqError('VERIFY_FILE_MISSING', `cannot read ${target}: ${error.code ?? error.message}`, {
      file: target,
      cause: error,
    });
  });
  if (!stats.isDirectory() && !stats.isFile()) {
    throw new CaqError('USAGE', `${target} is neither a folder nor a .tar.gz file`, { file: target });
  }
  const kind = stats.isDirectory() ? 'folder' : 'tarball';
  const inventory =
    kind === 'folder'
      ? await scanFolder(target)
      : await scanTarball(target, initialCaps(opts.maxBytes, opts.maxEntryBytes), opts.onFileHashed);

  const hasManifest = inventory.files.has(MANIFEST_NAME);
  const manifest = hasManifest ? manifestFrom(inventory) : null;
  const rootNames = [...inventory.files.keys()].filter((p) => !p.includes('/'));
  const listName = pickChecksumList(rootNames, hasManifest);
  const listBytes = listName === null ? undefined : inventory.metadata.get(listName);
  const list: ChecksumList | null =
    listName === null || listBytes === undefined ? null : parseChecksumList(listName, listBytes);

  if (kind === 'folder') await hashListed(target, inventory, list, manifest, opts);
  const findings: Finding[] = [...inventory.findings, ...(manifest?.findings ?? []), ...(list?.findings ?? [])];
  // In an archive read only in part, an absent list proves nothing; the read's own finding says why.
  if (listName === null && inventory.complete) {
    findings.push(
      hasManifest
        ? { code: 'VERIFY_CHECKSUMS_MALFORMED', path: BUNDLE_CHECKSUMS, message: `${BUNDLE_CHECKSUMS} is missing` }
        : {
            code: 'VERIFY_CHECKSUMS_MALFORMED',
            message: 'no checksum list found (looked for SHA256SUMS, sha256sums.txt, checksum.sha256, *.sha256)',
          },
    );
  }
  const reconciled = reconcile(inventory, list, manifest);
  findings.push(...reconciled.findings);

  const notes =
    hasManifest || !inventory.complete
      ? []
      : [`no manifest found (${MANIFEST_NAME}); checked only what ${listName ?? 'a checksum list'} lists`];
  return {
    target,
    kind,
    manifest: manifest === null ? 'absent' : manifest.status,
    checksumFile: listName,
    files_checked: reconciled.checked,
    findings,
    notes,
    ok: findings.length === 0,
  };
}

function manifestFrom(inventory: Inventory): ManifestFacts {
  const bytes = inventory.metadata.get(MANIFEST_NAME);
  // Present but not held (over the metadata size cap): the size finding is already recorded.
  if (bytes === undefined) return { status: 'invalid', files: new Map(), limits: {}, findings: [] };
  return readManifest(bytes);
}

/** Hashes the files of a folder that some list names; unlisted files are reported without being read. */
async function hashListed(
  root: string,
  inventory: Inventory,
  list: ChecksumList | null,
  manifest: ManifestFacts | null,
  opts: VerifyOptions,
): Promise<void> {
  const paths = [...inventory.files.keys()].filter(
    (p) => list?.entries.has(p) === true || manifest?.files.has(p) === true,
  );
  const jobs = paths.map((p) => ({ path: join(root, p), bytes: inventory.files.get(p)?.bytes ?? 0 }));
  const outcomes = await hashFiles(jobs, (job, index) => opts.onFileHashed?.(paths[index] as string, job.bytes));
  outcomes.forEach((outcome, i) => {
    const rel = paths[i] as string;
    if ('error' in outcome) {
      inventory.files.delete(rel);
      inventory.findings.push({
        code: 'VERIFY_FILE_MISSING',
        path: rel,
        message: `${rel}: cannot be read (${outcome.error})`,
      });
      inventory.rejected.add(rel);
    } else {
      inventory.files.set(rel, { bytes: outcome.bytes, sha256: outcome.sha256 });
    }
  });
}
