import { encodeNpy } from '../../../mock-engine/src/format/npy.js';
import { CaqError } from '../errors.js';

/**
 * The layout of a TF.js weights manifest (the `weightsManifest` of a
 * `model.json`, format of tfjs-converter): groups of tensors, each group's
 * shards concatenated in `paths` order, its tensors laid end to end in
 * `weights` order, float32 little-endian, no padding. Pure: no file access.
 */
export interface TfjsTensor {
  /** As in the manifest, e.g. `F_0/kernel`. */
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Shard paths of the tensor's group, relative to the model.json's folder, in concatenation order. */
  shards: string[];
  /** Byte offset in the concatenation of its group's shards. */
  offset: number;
  bytes: number;
}

export interface TfjsGroup {
  shards: string[];
  /** Σ of the group's tensor sizes: its shards must add up to exactly this. */
  bytes: number;
  tensors: TfjsTensor[];
}

/** A tensor name that can be a bundle path: '/'-separated segments of portable characters, no '.' or '..'. */
const SAFE_NAME = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every tensor of the manifest, by group, in file order; refuses what this transform cannot ship exactly. */
export function tfjsLayout(modelJson: unknown, file: string): TfjsGroup[] {
  const bad = (field: string, message: string): CaqError =>
    new CaqError('RECIPE_INVALID', `${file}: ${field}: ${message}`, {
      file,
      field,
      hint: 'the recipe must point at a TF.js model.json with a float32 weightsManifest',
    });
  const manifest = isRecord(modelJson) ? modelJson.weightsManifest : undefined;
  if (!Array.isArray(manifest) || manifest.length === 0) throw bad('/weightsManifest', 'missing or empty');
  const names = new Set<string>();
  return manifest.map((group: unknown, g): TfjsGroup => {
    const at = `/weightsManifest/${g}`;
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw bad(at, 'a group needs `paths` and `weights` arrays');
    const shards = group.paths.map((p, i) => {
      if (typeof p !== 'string' || !SAFE_NAME.test(p))
        throw bad(`${at}/paths/${i}`, `${JSON.stringify(p)} is not a relative shard path`);
      return p;
    });
    let offset = 0;
    const tensors = group.weights.map((w: unknown, i): TfjsTensor => {
      const wat = `${at}/weights/${i}`;
      if (!isRecord(w) || typeof w.name !== 'string') throw bad(wat, 'a weight needs a name');
      const { name, shape, dtype } = w;
      if (!SAFE_NAME.test(name)) throw bad(`${wat}/name`, `'${name}' cannot name a file`);
      if (names.has(name)) throw bad(`${wat}/name`, `'${name}' appears twice`);
      names.add(name);
      if (w.quantization !== undefined)
        throw bad(`${wat}/quantization`, `'${name}' is stored quantised; only float32 as trained is shipped`);
      if (dtype !== 'float32')
        throw bad(`${wat}/dtype`, `'${name}' is ${JSON.stringify(dtype)}; only float32 tensors are shipped`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
        throw bad(`${wat}/shape`, `'${name}' has no valid shape`);
      const dims = shape as number[];
      const bytes = dims.reduce((n, d) => n * d, 1) * 4;
      const tensor: TfjsTensor = { name, shape: dims, dtype: 'float32', shards, offset, bytes };
      offset += bytes;
      return tensor;
    });
    return { shards, bytes: offset, tensors };
  });
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The .npy of one tensor, cut from its group's concatenated shards, exactly as
 * `np.save` writes it ('<f4', C order). The stored bits are kept as they are:
 * they never pass through a JS number, which could alter a NaN's payload.
 */
export function tensorNpy(groupBytes: Uint8Array, tensor: TfjsTensor): Uint8Array {
  if (tensor.offset + tensor.bytes > groupBytes.length)
    throw new RangeError(`tensor ${tensor.name} ends past its shards`);
  const copy = new Uint8Array(groupBytes.subarray(tensor.offset, tensor.offset + tensor.bytes));
  if (!HOST_LITTLE_ENDIAN) for (let i = 0; i < copy.length; i += 4) copy.subarray(i, i + 4).reverse();
  return encodeNpy({ dtype: 'float32', shape: tensor.shape, data: new Float32Array(copy.buffer) });
}
