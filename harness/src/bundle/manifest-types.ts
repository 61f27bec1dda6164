/** TS shape of bundle.json (schemas/bundle.schema.json). */
import type { PartRecord } from './copy-parts.js';
import type { ErrorBound } from '../../../mock-engine/src/metrics/error-bound.js';
import type { Role } from './recipe-types.js';

export interface PackageFileSource {
  package: string;
  path: string;
  sha256: string;
  transform: string;
  decoder?: string;
  /** For a tensor taken from a TF.js weights manifest (`path` is the model.json): where its bytes came from. */
  tensor?: TensorOrigin;
}

export interface TensorOrigin {
  /** The tensor's name in the weights manifest. */
  name: string;
  /** Its group's shards, concatenated in this order. */
  shards: { path: string; sha256: string }[];
  /** Byte range in that concatenation. */
  offset: number;
  bytes: number;
}

/** A whole file the user supplied at build time (`--source <id>=<path>`). */
export interface LocalFileSource {
  local: string;
  sha256: string;
  /** The supplied file's size in bytes. */
  size: number;
  transform: string;
}

export interface PartsSource {
  parts: PartRecord[];
  transform: string;
}

export interface GeneratedSource {
  generator: string;
  algorithm: string;
  parameters: Record<string, number | string | boolean | number[]>;
}

export interface ManifestFile {
  path: string;
  role: Role;
  bytes: number;
  sha256: string;
  media_type: string;
  format: 'raw' | 'npy' | 'json';
  dtype: null | 'uint8' | 'float32' | 'float64';
  shape: null | number[];
  licence: string;
  source: PackageFileSource | LocalFileSource | PartsSource | GeneratedSource;
  provenance: string;
}

export interface Manifest {
  schema: 'caqbench/bundle@1';
  name: string;
  version: string;
  description: string;
  tool_version: string;
  source_date_epoch: number;
  files: ManifestFile[];
  engine: { path: string; sha256: string; name: string; version: string };
  codecs: { codec: string; params: Record<string, number | string | boolean> }[];
  metrics: string[];
  tolerance: { relative: number; gate_cpu: boolean };
  /** The error bound every lossy codec run on the bundle must keep (metrics/error-bound.ts). */
  distortion_bound?: ErrorBound;
  limits: { max_file_bytes: number; max_total_bytes: number };
  run: { runs: number; warmup: number };
  /** Present when files came from local sources: whether the bundle may be passed on, and each source's identity. */
  distribution?: Distribution;
}

export interface Distribution {
  /** False when any local source's licence forbids redistribution: the bundle is then a local build. */
  redistributable: boolean;
  local_sources: {
    id: string;
    sha256: string;
    size: number;
    description: string;
    redistributable: boolean;
    licence?: string;
  }[];
  note: string;
}
