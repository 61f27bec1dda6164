import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../mock-engine/src/format/npy.js';
import { loadRecipe } from '../../harness/src/bundle/build.js';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';
import type { TfjsWeightsFiles } from '../../harness/src/bundle/recipe-types.js';
import { packageDir } from '../../harness/src/bundle/sources.js';
import { tensorNpy, tfjsLayout } from '../../harness/src/bundle/tfjs-manifest.js';
import { writeTfjsWeights } from '../../harness/src/bundle/tfjs-weights.js';
import { CaqError } from '../../harness/src/errors.js';

/** A hand-made model.json: two groups, the first split over two shards with a tensor across the split. */
const MODEL = {
  format: 'layers-model',
  weightsManifest: [
    {
      paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'],
      weights: [
        { name: 'conv/kernel', shape: [1, 1, 2, 3], dtype: 'float32' },
        { name: 'conv/bias', shape: [3], dtype: 'float32' },
      ],
    },
    { paths: ['group2-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] },
  ],
};
// Little-endian float32 values, including -0 and a NaN with a payload, which must survive bit for bit.
const VALUES = [1.5, -2.25, 0.1, -0, 3e-38, 7, 0.5, -0.5, 1e10];
function littleEndian(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

describe('tfjsLayout (the TF.js weights manifest)', () => {
  it('lays tensors end to end per group, over its shards in order', () => {
    const groups = tfjsLayout(MODEL, 'model.json');
    expect(groups.map((g) => [g.shards, g.bytes])).toEqual([
      [['group1-shard1of2.bin', 'group1-shard2of2.bin'], 36],
      [['group2-shard1of1.bin'], 16],
    ]);
    expect(groups[0]!.tensors.map((t) => [t.name, t.shape, t.offset, t.bytes])).toEqual([
      ['conv/kernel', [1, 1, 2, 3], 0, 24],
      ['conv/bias', [3], 24, 12],
    ]);
    expect(groups[1]!.tensors[0]).toMatchObject({
      name: 'dense/kernel',
      offset: 0,
      bytes: 16,
      shards: ['group2-shard1of1.bin'],
    });
  });

  it.each([
    [
      'a quantised tensor',
      { quantization: { dtype: 'uint8', scale: 0.1, min: 0 } },
      '/weightsManifest/0/weights/0/quantization',
    ],
    ['an int32 tensor', { dtype: 'int32' }, '/weightsManifest/0/weights/0/dtype'],
    ['a name that climbs out of the folder', { name: '../escape' }, '/weightsManifest/0/weights/0/name'],
    ['a name used twice', { name: 'conv/bias' }, '/weightsManifest/0/weights/1/name'],
    ['a negative dimension', { shape: [2, -1] }, '/weightsManifest/0/weights/0/shape'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const model = structuredClone(MODEL);
    Object.assign(model.weightsManifest[0]!.weights[0]!, change);
    const error = (() => {
      try {
        tfjsLayout(model, 'm.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CaqError);
    expect((error as CaqError).code).toBe('RECIPE_INVALID');
    expect((error as CaqError).field).toBe(field);
  });

  it('refuses a model.json without a weights manifest', () => {
    expect(() => tfjsLayout({ modelTopology: {} }, 'm.json')).toThrow(/weightsManifest: missing or empty/);
  });
});

describe('tensorNpy', () => {
  it('cuts a tensor across a shard boundary into the .npy np.save writes, every bit kept', () => {
    const group = littleEndian(VALUES.slice(0, 9));
    group.set([0x01, 0x00, 0xc0, 0x7f], 4 * 8); // a signalling-style NaN payload in place of 1e10
    const [, bias] = tfjsLayout(MODEL, 'model.json')[0]!.tensors;
    const npy = tensorNpy(group, bias!);
    const expected = encodeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(group.slice(24, 36).buffer) });
    expect(Buffer.from(npy).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(npy.subarray(npy.length - 12)).toString('hex')).toBe(
      Buffer.from(group.subarray(24, 36)).toString('hex'),
    );
    const decoded = decodeNpy(npy);
    expect([decoded.dtype, decoded.shape]).toEqual(['float32', [3]]);
    expect(Array.from(decoded.data as Float32Array).slice(0, 2)).toEqual([0.5, -0.5]);
  });

  it('refuses a tensor that ends past its shards', () => {
    const [kernel] = tfjsLayout(MODEL, 'model.json')[0]!.tensors;
    expect(() => tensorNpy(new Uint8Array(20), kernel!)).toThrow(RangeError);
  });
});

describe('writeTfjsWeights on the real @upscalerjs/esrgan-medium 1.0.0', () => {
  let temp: string;
  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'caq-tfjs-'));
  });
  afterEach(async () => {
    await rm(temp, { recursive: true, force: true });
  });
  const recipeFile = join(defaultRecipesDir(), 'model_weights', 'recipe.yaml');
  async function entries(): Promise<TfjsWeightsFiles[]> {
    return (await loadRecipe(recipeFile)).files.filter((f): f is TfjsWeightsFiles => f.kind === 'tfjs-weights');
  }

  it('writes one .npy per tensor of the x2 and x4 manifests, shapes as listed, all shard bytes used', async () => {
    const dir = await packageDir('@upscalerjs/esrgan-medium', '1.0.0', recipeFile);
    const all = await entries();
    expect(all.map((e) => e.weights.manifest.path)).toEqual(['models/x2/model.json', 'models/x4/model.json']);
    for (const entry of all) {
      const written = await writeTfjsWeights(entry, temp, recipeFile);
      const model = JSON.parse(await readFile(join(dir, entry.weights.manifest.path), 'utf8')) as typeof MODEL;
      const listed = model.weightsManifest[0]!.weights;
      expect(written).toHaveLength(56);
      expect(written.map((w) => [w.path, w.shape])).toEqual(
        listed.map((w) => [entry.path.replace('{tensor}', w.name), w.shape]),
      );
      const shard = await readFile(join(dir, entry.weights.shards[0]!.path));
      let floats = 0;
      for (const w of written) {
        const array = decodeNpy(await readFile(join(temp, w.path)), w.path);
        expect(array.shape).toEqual(w.shape);
        const range = w.source.tensor!;
        expect(Buffer.from(array.data.buffer).equals(shard.subarray(range.offset, range.offset + range.bytes))).toBe(
          true,
        );
        floats += array.data.length;
      }
      expect(floats * 4).toBe(shard.length);
    }
    expect(await readdir(join(temp, 'data', 'x4', 'F_0'))).toEqual(['bias.npy', 'kernel.npy']);
  });

  it('refuses a recipe whose tensor count differs, or that leaves a named shard unpinned', async () => {
    const [x2] = await entries();
    const wrongCount = { ...x2!, weights: { ...x2!.weights, tensors: 55 } };
    await expect(writeTfjsWeights(wrongCount, temp, recipeFile)).rejects.toThrow(
      /lists 56 tensors; the recipe expects 55/,
    );
    const otherShard = {
      ...x2!,
      weights: {
        ...x2!.weights,
        shards: [{ path: 'models/x4/group1-shard1of1.bin', sha256: x2!.weights.shards[0]!.sha256 }],
      },
    };
    await expect(writeTfjsWeights(otherShard, temp, recipeFile)).rejects.toThrow(
      /pins models\/x4\/group1-shard1of1\.bin, which models\/x2\/model\.json does not name/,
    );
  });
});
