import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { CaqError } from '../errors.js';
import type { CopyFile } from './recipe-types.js';
import { packageSpec, verifiedSource } from './sources.js';

/** What the manifest records of one part of a copied file. */
export interface PartRecord {
  package: string;
  path: string;
  sha256: string;
  transform: string;
  licence?: string;
  offset: number;
  bytes: number;
}

/**
 * Write the concatenation of the entry's parts (each a whole source file or a
 * byte range of it) to `dest`, streaming: a part is never read into memory.
 */
export async function copyParts(entry: CopyFile, dest: string, recipeFile: string): Promise<PartRecord[]> {
  const records: PartRecord[] = [];
  const out = createWriteStream(dest, { flags: 'wx' });
  await once(out, 'open');
  try {
    let offset = 0;
    for (const part of entry.parts) {
      const file = await verifiedSource(part.source, recipeFile);
      const size = (await stat(file)).size;
      const start = part.slice?.offset ?? 0;
      const length = part.slice?.length ?? size;
      if (start + length > size) {
        throw new CaqError('RECIPE_INVALID', `${packageSpec(part.source)}/${part.source.path} has ${size} bytes; the slice asks for bytes ${start}..${start + length}`, {
          file: recipeFile,
          field: entry.path,
        });
      }
      if (length > 0) {
        for await (const chunk of createReadStream(file, { start, end: start + length - 1, highWaterMark: 1 << 20 })) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
      }
      const range = start === 0 ? `first ${length} bytes` : `${length} bytes from offset ${start} (bytes ${start}..${start + length - 1})`;
      records.push({
        package: packageSpec(part.source),
        path: part.source.path,
        sha256: part.source.sha256,
        transform: start === 0 && length === size ? 'whole file' : range,
        licence: part.source.licence,
        offset,
        bytes: length,
      });
      offset += length;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return records;
}
