import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CaqError } from '../errors.js';
import { copyParts } from './copy-parts.js';
import type { SuppliedSources } from './local-sources.js';
import { sha256Bytes, sha256File } from './hash.js';
import { decodeJpegCrop } from './jpeg-crop.js';
import type { ManifestFile } from './manifest-types.js';
import { trainModel } from './model.js';
import type { Recipe, RecipeFile } from './recipe-types.js';
import { packageSpec } from './sources.js';
import { writeSyntheticSet } from './synthetic.js';
import { writeTfjsWeights } from './tfjs-weights.js';

type Described = Omit<ManifestFile, 'bytes' | 'sha256'>;

/** A mismatch means the decoder, generator or trainer no longer gives the bytes the recipe was written for. */
function checkPinned(entry: RecipeFile, actual: string, recipeFile: string, what: string): void {
  if (actual === entry.sha256) return;
  throw new CaqError(
    'SOURCE_DIGEST_MISMATCH',
    `${what} does not match the recipe's pinned SHA-256: recipe pins ${entry.sha256}, the build made ${actual}`,
    {
      file: recipeFile,
      field: entry.path,
      hint: 'a decoder, generator or trainer changed its output; review the change before re-pinning',
    },
  );
}

function common(entry: RecipeFile): Pick<Described, 'role' | 'media_type' | 'format' | 'licence' | 'provenance'> {
  return {
    role: entry.role,
    media_type: entry.media_type,
    format: entry.format,
    licence: entry.licence,
    provenance: entry.provenance,
  };
}

async function describeEntry(
  entry: RecipeFile,
  folder: string,
  recipeFile: string,
  manifestSoFar: ManifestFile[],
  supplied: SuppliedSources,
): Promise<Described[]> {
  const dest = join(folder, entry.path);
  await mkdir(dirname(dest), { recursive: true });
  switch (entry.kind) {
    case 'copy': {
      const parts = await copyParts(entry, dest, recipeFile, supplied);
      const [only] = parts;
      const source =
        parts.length === 1 && only !== undefined
          ? 'local' in only
            ? { local: only.local, size: only.size, sha256: only.sha256, transform: only.transform }
            : { package: only.package, path: only.path, sha256: only.sha256, transform: only.transform }
          : { parts, transform: `concatenation of the ${parts.length} parts in order, no separators` };
      return [{ path: entry.path, ...common(entry), dtype: null, shape: null, source }];
    }
    case 'decode-jpeg': {
      const decoder = await decodeJpegCrop(entry, dest, recipeFile);
      const { source, crop } = entry.image;
      const transform =
        `decoded with ${decoder} to 8-bit RGB; crop x=${crop.x}, y=${crop.y}, width=${crop.width}, height=${crop.height}; ` +
        'raw row-major interleaved RGB, no header';
      const described: Described = {
        path: entry.path,
        ...common(entry),
        dtype: 'uint8',
        shape: [crop.height, crop.width, 3],
        source: { package: packageSpec(source), path: source.path, sha256: source.sha256, transform, decoder },
      };
      return [described];
    }
    case 'synthetic': {
      const written = await writeSyntheticSet(entry, folder);
      return written.map((w) => ({
        path: w.path,
        ...common(entry),
        dtype: 'float32' as const,
        shape: [...entry.synthetic.shape],
        source: w.source,
      }));
    }
    case 'tfjs-weights': {
      const written = await writeTfjsWeights(entry, folder, recipeFile);
      return written.map((w) => ({
        path: w.path,
        ...common(entry),
        dtype: 'float32' as const,
        shape: w.shape,
        source: w.source,
      }));
    }
    case 'train': {
      const inputs = manifestSoFar.filter((f) => f.role === entry.train.inputs_role).map((f) => f.path);
      const source = await trainModel(entry, folder, inputs);
      return [{ path: entry.path, ...common(entry), dtype: null, shape: null, source }];
    }
  }
}

/**
 * Write every file of the recipe into `folder` and describe it for the
 * manifest. Models come last: they are trained on the files written before.
 * `supplied` maps the ids of local sources to the files given at build time.
 * Each output is checked against the digest the recipe pins.
 */
export async function materialiseFiles(
  recipe: Recipe,
  folder: string,
  recipeFile: string,
  supplied: SuppliedSources,
  onEntry: (what: string) => void,
): Promise<ManifestFile[]> {
  const ordered = [
    ...recipe.files.filter((f) => f.kind !== 'train'),
    ...recipe.files.filter((f) => f.kind === 'train'),
  ];
  const manifest: ManifestFile[] = [];
  for (const entry of ordered) {
    const described = await describeEntry(entry, folder, recipeFile, manifest, supplied);
    const files: ManifestFile[] = [];
    for (const d of described) {
      const path = join(folder, d.path);
      files.push({ ...d, bytes: (await stat(path)).size, sha256: await sha256File(path) });
    }
    onEntry(files.length === 1 ? entry.path : `${entry.path} (${files.length} files)`);
    if (entry.kind === 'synthetic' || entry.kind === 'tfjs-weights') {
      const listing = [...files]
        .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
        .map((f) => `${f.sha256}  ${f.path}\n`)
        .join('');
      checkPinned(entry, sha256Bytes(listing), recipeFile, `the checksum listing of ${entry.path}`);
    } else {
      checkPinned(entry, files[0]!.sha256, recipeFile, entry.path);
    }
    manifest.push(...files);
  }
  return manifest.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}
