import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Fixture folders shared by the engine tests. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const ALCM_DIR = join(FIXTURES, 'alcm-h3');
export const NPY_DIR = join(FIXTURES, 'engine', 'npy');
export const NPZ_DIR = join(FIXTURES, 'engine', 'npz');

export interface FixtureTensor {
  npy: string;
  sha256: string;
  baseline_npz_bytes: number;
}

export function alcmTensors(): FixtureTensor[] {
  const expected = JSON.parse(readFileSync(join(ALCM_DIR, 'expected.json'), 'utf8')) as { tensors: FixtureTensor[] };
  return expected.tensors;
}

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function tempDir(prefix = 'caq-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Files left in a folder, to prove that a failure wrote nothing. */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** mulberry32: a small seeded PRNG, so "random" test inputs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(length: number, seed: number): Uint8Array {
  const next = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}
