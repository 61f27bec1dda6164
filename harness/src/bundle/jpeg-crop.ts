import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CaqError } from '../errors.js';
import type { JpegFile } from './recipe-types.js';
import { packageDir, verifiedSource } from './sources.js';

interface JpegJs {
  decode(
    data: Uint8Array,
    opts: { formatAsRGBA: boolean; useTArray: true; maxMemoryUsageInMB?: number },
  ): {
    width: number;
    height: number;
    data: Uint8Array;
  };
}

/**
 * Decode a pinned JPEG with jpeg-js (pure JavaScript, integer IDCT and IEEE
 * arithmetic only, so every machine decodes the same pixels) and write the crop
 * box as raw interleaved RGB, row-major: `shape [height, width, 3]`, uint8.
 * Returns the decoder's `<name>@<version>` for the manifest. A JPEG must be
 * decoded whole; the photographs here are a few hundred KB, far from any limit.
 */
export async function decodeJpegCrop(entry: JpegFile, dest: string, recipeFile: string): Promise<string> {
  const { source, decoder, crop } = entry.image;
  const file = await verifiedSource(source, recipeFile);
  const dir = await packageDir(decoder.package, decoder.version, recipeFile);
  const jpeg = (await import(pathToFileURL(join(dir, 'index.js')).href)) as { default: JpegJs };
  const image = jpeg.default.decode(await readFile(file), {
    formatAsRGBA: false,
    useTArray: true,
    maxMemoryUsageInMB: 256,
  });
  if (crop.x + crop.width > image.width || crop.y + crop.height > image.height) {
    throw new CaqError(
      'RECIPE_INVALID',
      `crop ${crop.width}×${crop.height} at (${crop.x}, ${crop.y}) leaves the ${image.width}×${image.height} image`,
      {
        file: recipeFile,
        field: entry.path,
      },
    );
  }
  const rowBytes = crop.width * 3;
  const out = new Uint8Array(rowBytes * crop.height);
  for (let row = 0; row < crop.height; row++) {
    const start = ((crop.y + row) * image.width + crop.x) * 3;
    out.set(image.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  await writeFile(dest, out, { flag: 'wx' });
  return `${decoder.package}@${decoder.version}`;
}
