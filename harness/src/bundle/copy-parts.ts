import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { CaqError } from '../errors.js';
import { isLocalSource, localSpec, verifiedLocalSource, type SuppliedSources } from './local-sources.js';
import type { CopyFile, LocalSource, PackageSource } from './recipe-types.js';
import { packageSpec, verifiedSource } from './sources.js';

interface PartCommon {
  sha256: string;
  transform: string;
  licence?: string;
  /** Where the part starts in the output file. */
  offset: number;
  bytes: number;
}

/** What the manifest records of one part of a copied file: a file of a package, or a file the user supplied. */
export type PartRecord =
  | (PartCommon & { package: string; path: string })
  | (PartCommon & { local: string; size: number });

function origin(source: PackageSource | LocalSource): string {
  return isLocalSource(source) ? localSpec(source) : `${packageSpec(source)}/${source.path}`;
}

/**
 * Write the concatenation of the entry's parts (each a whole source file or a
 * byte range of it) to `dest`, streaming: a part is never read into memory.
 */
export async function copyParts(
  entry: CopyFile,
  dest: string,
  recipeFile: string,
  supplied: SuppliedSources,
): Promise<PartRecord[]> {
  const records: PartRecord[] = [];
  const out = createWriteStream(dest, { flags: 'wx' });
  await once(out, 'open');
  try {
    let offset = 0;
    for (const part of entry.parts) {
      const { source } = part;
      const file = isLocalSource(source)
        ? await verifiedLocalSource(source, supplied, recipeFile)
        : await verifiedSource(source, recipeFile);
      const size = (await stat(file)).size;
      const start = part.slice?.offset ?? 0;
      const length = part.slice?.length ?? size;
      if (start + length > size) {
        throw new CaqError(
          'RECIPE_INVALID',
          `${origin(source)} has ${size} bytes; the slice asks for bytes ${start}..${start + length}`,
          {
            file: recipeFile,
            field: entry.path,
          },
        );
      }
      if (length > 0) {
        for await (const chunk of createReadStream(file, { start, end: start + length - 1, highWaterMark: 1 << 20 })) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
      }
      const range =
        start === 0
          ? `first ${length} bytes`
          : `${length} bytes from offset ${start} (bytes ${start}..${start + length - 1})`;
      const common: PartCommon = {
        sha256: source.sha256,
        transform: start === 0 && length === size ? 'whole file' : range,
        licence: source.licence,
        offset,
        bytes: length,
      };
      records.push(
        isLocalSource(source)
          ? { local: source.local, size: source.size, ...common }
          : { package: packageSpec(source), path: source.path, ...common },
      );
      offset += length;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return records;
}
