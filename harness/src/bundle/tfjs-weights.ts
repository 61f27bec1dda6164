import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { CaqError } from '../errors.js';
import type { PackageFileSource } from './manifest-types.js';
import type { TfjsWeightsFiles } from './recipe-types.js';
import { packageSpec, verifiedSource } from './sources.js';
import { tensorNpy, tfjsLayout } from './tfjs-manifest.js';

export interface WrittenTensor {
  path: string;
  shape: number[];
  source: PackageFileSource;
}

/**
 * Write one .npy (as np.save writes it: '<f4', C order) per tensor of a pinned
 * TF.js weights manifest, at the entry's path with `{tensor}` replaced by the
 * tensor's name. Every shard the manifest names must be pinned by the recipe
 * and add up to exactly its group's tensors: no byte is guessed or skipped.
 */
export async function writeTfjsWeights(
  entry: TfjsWeightsFiles,
  folder: string,
  recipeFile: string,
): Promise<WrittenTensor[]> {
  const { manifest, shards: pinned, tensors: expectedCount } = entry.weights;
  const manifestFile = await verifiedSource(manifest, recipeFile);
  const fail = (message: string, hint?: string): CaqError =>
    new CaqError('RECIPE_INVALID', message, { file: recipeFile, field: entry.path, hint });
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (cause) {
    throw new CaqError('RECIPE_INVALID', `${packageSpec(manifest)}/${manifest.path} is not JSON`, {
      file: manifestFile,
      cause,
    });
  }
  const groups = tfjsLayout(modelJson, manifestFile);
  const count = groups.reduce((n, g) => n + g.tensors.length, 0);
  if (count !== expectedCount)
    throw fail(`${manifest.path} lists ${count} tensors; the recipe expects ${expectedCount}`);
  const base = posix.dirname(manifest.path);
  const named = new Set(groups.flatMap((g) => g.shards.map((s) => posix.join(base, s))));
  const unused = pinned.filter((s) => !named.has(s.path)).map((s) => s.path);
  if (unused.length > 0) throw fail(`weights.shards pins ${unused.join(', ')}, which ${manifest.path} does not name`);

  const written: WrittenTensor[] = [];
  for (const group of groups) {
    const shards = group.shards.map((s) => {
      const path = posix.join(base, s);
      const pin = pinned.find((p) => p.path === path);
      if (pin === undefined)
        throw fail(
          `${manifest.path} names the shard ${path}, which weights.shards does not pin`,
          'pin every shard by its SHA-256',
        );
      return pin;
    });
    const parts: Uint8Array[] = [];
    for (const shard of shards)
      parts.push(
        await readFile(await verifiedSource({ ...manifest, path: shard.path, sha256: shard.sha256 }, recipeFile)),
      );
    const buffer = Buffer.concat(parts);
    if (buffer.length !== group.bytes) {
      throw fail(
        `the shards ${shards.map((s) => s.path).join(', ')} hold ${buffer.length} bytes; their tensors in ${manifest.path} need ${group.bytes}`,
      );
    }
    for (const t of group.tensors) {
      const path = entry.path.replace('{tensor}', t.name);
      const dest = join(folder, path);
      if (existsSync(dest))
        throw fail(`tensor ${t.name} would write ${path}, which another recipe entry already wrote`);
      await mkdir(dirname(dest), { recursive: true });
      await writeFile(dest, tensorNpy(buffer, t), { flag: 'wx' });
      written.push({
        path,
        shape: t.shape,
        source: {
          package: packageSpec(manifest),
          path: manifest.path,
          sha256: manifest.sha256,
          transform:
            `tensor '${t.name}' of the TF.js weights manifest: bytes ${t.offset}..${t.offset + t.bytes - 1} of its shards ` +
            'concatenated in manifest order, little-endian float32, saved as np.save does (<f4, C order)',
          tensor: {
            name: t.name,
            shards: shards.map((s) => ({ path: s.path, sha256: s.sha256 })),
            offset: t.offset,
            bytes: t.bytes,
          },
        },
      });
    }
  }
  return written;
}
