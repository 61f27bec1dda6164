import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { encodeNpy } from '../../../mock-engine/src/format/npy.js';
import type { SyntheticFiles } from './recipe-types.js';
import type { GeneratedSource } from './manifest-types.js';
import { expandFilePaths } from './file-paths.js';

/** Written down so a stranger can regenerate every tensor with numpy alone. */
export const GRADIENT_GENERATOR =
  'numpy legacy RandomState: MT19937 seeded with np.random.seed(seed), polar Box–Muller normals';
export const GRADIENT_ALGORITHM =
  'np.random.seed(seed); x = np.random.randn(*shape).astype(np.float32) * (np.random.rand(*shape) > 0.3); ' +
  'all normals are drawn before the uniforms; kept with p = 0.7, dropped entries are signed zeros; saved with np.save (little-endian float32, C order)';

export interface GeneratedFile {
  path: string;
  source: GeneratedSource;
}

/** Write one .npy per seed (first_seed, first_seed + 1, …) into the bundle folder. */
export async function writeSyntheticSet(entry: SyntheticFiles, folder: string): Promise<GeneratedFile[]> {
  const { first_seed: firstSeed, shape, keep_probability: keep } = entry.synthetic;
  const written: GeneratedFile[] = [];
  const paths = expandFilePaths(entry);
  for (const [i, path] of paths.entries()) {
    const seed = firstSeed + i;
    const tensor = syntheticGradient(seed, shape);
    await writeFile(join(folder, path), encodeNpy({ dtype: 'float32', shape: tensor.shape, data: tensor.data }), {
      flag: 'wx',
    });
    written.push({
      path,
      source: {
        generator: GRADIENT_GENERATOR,
        algorithm: GRADIENT_ALGORITHM,
        parameters: { seed, shape: [...shape], dtype: 'float32', keep_probability: keep },
      },
    });
  }
  return written;
}
