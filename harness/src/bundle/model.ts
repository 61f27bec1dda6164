import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { trainPredictorOnTensors } from '../../../mock-engine/src/alcm/train.js';
import { decodeNpy } from '../../../mock-engine/src/format/npy.js';
import { CaqError } from '../errors.js';
import { canonicalJsonFile } from '../../../mock-engine/src/format/canonical-json.js';
import type { GeneratedSource } from './manifest-types.js';
import type { TrainedModel } from './recipe-types.js';

/**
 * Train the ALCM predictor on exactly the training files the bundle ships
 * (read back from disk, in path order) and write its weights as canonical JSON.
 */
export async function trainModel(entry: TrainedModel, folder: string, inputs: string[]): Promise<GeneratedSource> {
  const tensors: Tensor[] = [];
  for (const path of [...inputs].sort()) {
    const array = decodeNpy(await readFile(join(folder, path)), path);
    if (array.dtype !== 'float32' && array.dtype !== 'float64') {
      throw new CaqError(
        'RECIPE_INVALID',
        `training tensor ${path} is ${array.dtype}; the predictor trains on float32 or float64`,
        { field: entry.path },
      );
    }
    tensors.push({ dtype: array.dtype, shape: array.shape, data: array.data as Float32Array | Float64Array });
  }
  const { seed, epochs } = entry.train;
  const predictor = trainPredictorOnTensors(tensors, { seed, epochs });
  await writeFile(join(folder, entry.path), canonicalJsonFile(predictor), { flag: 'wx' });
  return {
    generator: 'caqbench-mock-engine alcm/train.ts trainPredictorOnTensors',
    algorithm:
      'the ALCM 6→64→1 bit-width predictor: Xavier-uniform initialisation drawn by numpy legacy RandomState(seed); ' +
      `per-sample SGD at learning rate ${predictor.learning_rate} on each training tensor's 6 statistics, ` +
      `target 0.3 + 0.5·(1 − sparsity), output range [${predictor.min_bits}, ${predictor.max_bits}]`,
    parameters: { seed, epochs, inputs: inputs.length, inputs_role: entry.train.inputs_role },
  };
}
