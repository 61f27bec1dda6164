import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { isMetadataName, MANIFEST_NAME, METADATA_MAX_BYTES, tooBig } from './metadata.js';
import { classifyEntry, type SizeCaps, tightenCaps } from './tar-entry.js';
import type { Inventory } from './types.js';

/** More entries than any bundle has; bounds memory against a flood of empty entries. */
const MAX_ENTRIES = 100_000;
/** GNU tar pads to 10 KiB records; anything much longer after the end marker is not padding. */
const MAX_TRAILING_BYTES = 1 << 20;

/**
 * Reads a .tar.gz as a stream and hashes each regular file as it goes by:
 * nothing is written to disk, so no entry can land outside a temp dir, and a
 * decompression bomb costs CPU only until the size caps stop the read. Unsafe
 * entries are recorded and drained, never stop the read (every finding counts).
 */
export function scanTarball(
  file: string,
  initialCaps: SizeCaps,
  onFile?: (path: string, bytes: number) => void,
): Promise<Inventory> {
  const inventory: Inventory = {
    files: new Map(),
    metadata: new Map(),
    rejected: new Set(),
    findings: [],
    complete: true,
  };
  const caps = { ...initialCaps };
  const seen = new Set<string>();
  let root: string | undefined;
  let entries = 0;
  let content = 0;
  let trailing = 0;
  let sawEof = false;
  let stopped = false;

  return new Promise<Inventory>((resolve) => {
    const source = createReadStream(file, { highWaterMark: 1 << 20 });
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    const parser = new Parser({ strict: false });
    const finish = (): void => {
      if (stopped) return;
      stopped = true;
      source.destroy();
      gunzip.destroy();
      resolve(inventory);
    };
    const stop = (code: 'VERIFY_ARCHIVE_CORRUPT' | 'VERIFY_SIZE_LIMIT', message: string): void => {
      inventory.findings.push({ code, message });
      inventory.complete = false;
      finish();
    };

    parser.on('warn', (_code: string, message: string) => {
      inventory.findings.push({ code: 'VERIFY_ARCHIVE_CORRUPT', message: `tar: ${message}` });
      inventory.complete = false;
    });
    parser.on('error', (error: Error) => stop('VERIFY_ARCHIVE_CORRUPT', `tar: ${error.message}`));
    parser.on('eof', () => {
      sawEof = true;
    });
    const onEntry = (entry: ReadEntry, ignoredByParser: boolean): void => {
      entries += 1;
      if (entries > MAX_ENTRIES) return stop('VERIFY_SIZE_LIMIT', `more than ${MAX_ENTRIES} entries`);
      if (entry.size > caps.entry) {
        return stop(
          'VERIFY_SIZE_LIMIT',
          `${entry.path}: declares ${entry.size} bytes, more than the ${caps.entry} allowed for one file (${caps.entrySource}); stopped reading`,
        );
      }
      const verdict = classifyEntry(entry, ignoredByParser, root, seen);
      root = verdict.root;
      const countOnly = (chunk: Buffer): void => {
        content += chunk.length;
        if (content > caps.total && !stopped) {
          stop(
            'VERIFY_SIZE_LIMIT',
            `the archive unpacks to more than ${caps.total} bytes (${caps.totalSource}); stopped reading after ${content} bytes of file content`,
          );
        }
      };
      if (verdict.kind !== 'file') {
        if (verdict.kind === 'unsafe') {
          inventory.findings.push({
            code: 'VERIFY_UNSAFE_ENTRY',
            path: entry.path,
            message: `${entry.path}: ${verdict.reason}`,
          });
          if (verdict.rel !== undefined) inventory.rejected.add(verdict.rel);
        }
        if (!ignoredByParser) entry.on('data', countOnly);
        return;
      }
      const rel = verdict.rel;
      const hash = createHash('sha256');
      let bytes = 0;
      let kept: Buffer[] | null = !rel.includes('/') && isMetadataName(rel) ? [] : null;
      if (kept !== null && entry.size > METADATA_MAX_BYTES) {
        inventory.findings.push(tooBig(rel, entry.size));
        kept = null;
      }
      entry.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        kept?.push(chunk);
        countOnly(chunk);
      });
      entry.on('end', () => {
        // A truncated entry is reported by the parser's warning; its partial digest would only add noise.
        if (stopped || bytes !== entry.size) return;
        inventory.files.set(rel, { bytes, sha256: hash.digest('hex') });
        onFile?.(rel, bytes);
        if (kept === null) return;
        const data = Buffer.concat(kept);
        inventory.metadata.set(rel, data);
        if (rel === MANIFEST_NAME) tightenCaps(caps, data);
      });
    };
    parser.on('entry', (entry: ReadEntry) => onEntry(entry, false));
    parser.on('ignoredEntry', (entry: ReadEntry) => onEntry(entry, true));
    parser.on('end', () => {
      if (stopped) return;
      const reported = inventory.findings.some((f) => f.code === 'VERIFY_ARCHIVE_CORRUPT');
      if (!sawEof && !reported)
        inventory.findings.push({
          code: 'VERIFY_ARCHIVE_CORRUPT',
          message: 'tar: the archive ends without its end-of-archive marker (truncated?)',
        });
      finish();
    });

    gunzip.on('data', (chunk: Buffer) => {
      if (stopped) return;
      if (sawEof) {
        trailing += chunk.length;
        if (trailing > MAX_TRAILING_BYTES)
          stop('VERIFY_ARCHIVE_CORRUPT', `more than ${MAX_TRAILING_BYTES} bytes after the end-of-archive marker`);
        return;
      }
      let more: boolean;
      try {
        more = parser.write(chunk);
      } catch (error) {
        return stop('VERIFY_ARCHIVE_CORRUPT', `tar: ${(error as Error).message}`);
      }
      if (!more && !stopped) {
        gunzip.pause();
        parser.once('drain', () => gunzip.resume());
      }
    });
    gunzip.on('end', () => {
      if (!stopped) parser.end();
    });
    gunzip.on('error', (error: Error) => stop('VERIFY_ARCHIVE_CORRUPT', `gzip: ${error.message}`));
    source.on('error', (error: Error) => stop('VERIFY_ARCHIVE_CORRUPT', `cannot read the archive: ${error.message}`));
    source.pipe(gunzip);
  });
}
