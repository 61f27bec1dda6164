import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { list, type ReadEntry } from 'tar';

/** A manifest is small; refuse to buffer anything claiming to be one beyond this. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** What validation needs of bundle.json (schemas/bundle.schema.json has the rest). */
export interface ManifestView {
  name: string;
  version: string;
  files: { path: string; role: string; format: string; bytes: number }[];
  codecs: { codec: string; params?: Record<string, number | string | boolean> }[];
}

export interface ResolvedBundle {
  /** The folder or .tar.gz the manifest came from. */
  source: string;
  manifestSha256: string;
  manifest: ManifestView;
}

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
const isDir = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** The bytes of `<top>/bundle.json` inside a bundle archive, read from the stream: nothing touches disk. */
async function manifestFromArchive(file: string): Promise<Buffer> {
  const found: Buffer[][] = [];
  await list({
    file,
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (
        entry.type === 'File' &&
        /^[^/]+\/bundle\.json$/.test(entry.path) &&
        (entry.size ?? 0) <= MAX_MANIFEST_BYTES
      ) {
        const chunks: Buffer[] = [];
        found.push(chunks);
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      } else {
        entry.resume();
      }
    },
  });
  if (found.length !== 1)
    throw new Error(`expected one <name>-<version>/bundle.json in the archive, found ${found.length}`);
  return Buffer.concat(found[0] ?? []);
}

async function manifestBytes(source: string): Promise<Buffer> {
  if (await isDir(source)) return readFile(join(source, 'bundle.json'));
  return manifestFromArchive(source);
}

/**
 * Where the submission's bundle is: `--bundle` when given, else `<name>-<version>/`
 * or `<name>-<version>.tar.gz` in the known-bundles folder. Returns what was looked
 * for when nothing is there.
 */
export async function locateBundle(
  wanted: { name: string; version: string },
  options: { bundle?: string; knownBundles?: string },
): Promise<{ source: string } | { missing: string[] }> {
  if (options.bundle !== undefined) {
    return (await isDir(options.bundle)) || (await isFile(options.bundle))
      ? { source: options.bundle }
      : { missing: [options.bundle] };
  }
  const dir = options.knownBundles ?? 'dist';
  const candidates = [
    join(dir, `${wanted.name}-${wanted.version}`),
    join(dir, `${wanted.name}-${wanted.version}.tar.gz`),
  ];
  for (const candidate of candidates) {
    if (candidate.endsWith('.tar.gz') ? await isFile(candidate) : await isFile(join(candidate, 'bundle.json')))
      return { source: candidate };
  }
  return { missing: candidates };
}

/** Reads the manifest's exact bytes, hashes them (the bundle digest) and parses them. */
export async function readBundle(source: string): Promise<ResolvedBundle> {
  const bytes = await manifestBytes(source);
  const manifest = JSON.parse(bytes.toString('utf8')) as ManifestView;
  if (!Array.isArray(manifest.files) || !Array.isArray(manifest.codecs))
    throw new Error('bundle.json has no files or codecs list');
  return { source, manifestSha256: createHash('sha256').update(bytes).digest('hex'), manifest };
}
