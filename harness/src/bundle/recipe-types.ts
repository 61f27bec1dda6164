/** TS shape of `bundles/<name>/recipe.yaml` (schemas/recipe.schema.json), after defaults. */
import type { ErrorBound } from '../../../mock-engine/src/metrics/error-bound.js';

export type Role = 'data' | 'training' | 'model';

export interface PackageSource {
  package: string;
  version: string;
  /** Path of the file inside the package. */
  path: string;
  sha256: string;
  /** SPDX expression of this part, when a file mixes parts under different licences. */
  licence?: string;
}

/** A file the user supplies at build time (`--source <id>=<path>`), pinned by digest and size; never fetched. */
export interface LocalSource {
  /** The id given to --source. */
  local: string;
  sha256: string;
  size: number;
  /** Whether its licence lets a bundle holding it be passed on; when not, the bundle is a local build (its manifest says so). */
  redistributable: boolean;
  /** What the file is, for the manifest and README: e.g. "dickens of the Silesia corpus". */
  description: string;
  licence?: string;
}

export interface Part {
  source: PackageSource | LocalSource;
  slice?: { offset: number; length: number };
}

interface FileCommon {
  path: string;
  role: Role;
  media_type: string;
  licence: string;
  provenance: string;
  /** Pinned digest of the output (of the checksum listing for a synthetic set). */
  sha256: string;
}

export interface CopyFile extends FileCommon {
  kind: 'copy';
  format: 'raw';
  parts: Part[];
}

export interface JpegFile extends FileCommon {
  kind: 'decode-jpeg';
  format: 'raw';
  image: {
    source: PackageSource;
    decoder: { package: 'jpeg-js'; version: string };
    crop: { x: number; y: number; width: number; height: number };
  };
}

export interface SyntheticFiles extends FileCommon {
  kind: 'synthetic';
  format: 'npy';
  synthetic: {
    generator: 'numpy-legacy-gradient';
    first_seed: number;
    count: number;
    shape: number[];
    dtype: 'float32';
    keep_probability: 0.7;
  };
}

export interface TrainedModel extends FileCommon {
  kind: 'train';
  format: 'json';
  role: 'model';
  train: { algorithm: 'alcm-predictor'; inputs_role: 'training'; seed: number; epochs: number };
}

/** A shard of a TF.js weights manifest, inside the manifest's package. */
export interface ShardSource {
  path: string;
  sha256: string;
}

/** One .npy per tensor of a TF.js weights manifest; `path` holds `{tensor}`, replaced by the tensor's name. */
export interface TfjsWeightsFiles extends FileCommon {
  kind: 'tfjs-weights';
  format: 'npy';
  weights: {
    /** The model.json. */
    manifest: PackageSource;
    /** Every shard the manifest names, pinned. */
    shards: ShardSource[];
    /** How many tensors the manifest must list. */
    tensors: number;
  };
}

export type RecipeFile = CopyFile | JpegFile | SyntheticFiles | TrainedModel | TfjsWeightsFiles;

/** Published claims the bundle's README sets beside the bundle's own figures (readme-claims.ts). */
export interface ReadmeClaims {
  title: string;
  quotes: { quote: string; where: string }[];
  /** What the bundle measures about them, in prose; the figures are computed from the reference run. */
  question: string;
}

export interface Recipe {
  name: string;
  version: string;
  description: string;
  source_date_epoch: number;
  files: RecipeFile[];
  codecs: { codec: string; params: Record<string, number | string | boolean> }[];
  metrics: string[];
  tolerance: { relative: number; gate_cpu: boolean };
  distortion_bound?: ErrorBound;
  limits: { max_file_bytes: number; max_total_bytes: number };
  run: { runs: number; warmup: number };
  claims?: ReadmeClaims;
}
