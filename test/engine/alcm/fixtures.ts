import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** The ALCM golden vectors, copied into the repo (see test/fixtures/alcm-h3/PROVENANCE.md). */
const dir = fileURLToPath(new URL('../../fixtures/alcm-h3/', import.meta.url));

export interface ExpectedTensor {
  seed: number;
  shape: number[];
  sha256: string;
  stats: { mean: number; var: number; std: number; skew: number; kurtosis: number; sparsity: number };
  features: number[];
  predicted_bits: number;
  dropped_ratio: number;
  reconstruction_sha256: string;
  relative_l2_error: number;
  snr_db: number;
  max_abs_error: number;
  original_bytes: number;
  baseline_npz_bytes: number;
  alcm_npz_bytes: number;
}

export interface FixtureWeights {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

export interface FixturePredictor {
  min_bits: number;
  max_bits: number;
  learning_rate: number;
  init: FixtureWeights;
  trained: FixtureWeights;
  training_features: number[][];
  training_targets: number[];
  loss_per_epoch: number[];
  final_loss: number;
}

export const fixturePath = (name: string): string => dir + name;

export const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
  encoder: { threshold: number; max_drop_ratio: number };
  tensors: ExpectedTensor[];
};

export const predictorFixture = JSON.parse(readFileSync(`${dir}predictor.json`, 'utf8')) as FixturePredictor;

export function sha256Hex(view: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
    .digest('hex');
}

/** |a − b| / |b|, or |a − b| when b is 0. */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a - b) : Math.abs(a - b) / Math.abs(b);
}
