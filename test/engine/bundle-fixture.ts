import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALCM_DIR, randomBytes } from './helpers.js';

export interface FixtureCodec {
  codec: string;
  params: Record<string, number | string | boolean>;
}

export const DEFAULT_CODECS: FixtureCodec[] = [
  { codec: 'store', params: {} },
  { codec: 'gzip', params: { level: 6 } },
  { codec: 'brotli', params: { quality: 5 } },
  { codec: 'npz', params: {} },
];

/**
 * A small bundle folder for `run`: a text file, a binary file and two fixture
 * tensors as data, a training tensor that must not be compressed, and the
 * fixtures' predictor as the model.
 */
export function writeBundle(dir: string, codecs: FixtureCodec[] = DEFAULT_CODECS): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'model'), { recursive: true });
  const text =
    'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse. '.repeat(200);
  writeFileSync(join(dir, 'data/text.txt'), text);
  writeFileSync(join(dir, 'data/blob.bin'), randomBytes(3000, 7));
  copyFileSync(join(ALCM_DIR, 'tensors/grad_43_100x100.npy'), join(dir, 'data/grad_43.npy'));
  copyFileSync(join(ALCM_DIR, 'tensors/grad_44_100x100.npy'), join(dir, 'data/grad_44.npy'));
  copyFileSync(join(ALCM_DIR, 'tensors/grad_45_100x100.npy'), join(dir, 'data/train.npy'));
  copyFileSync(join(ALCM_DIR, 'predictor.json'), join(dir, 'model/predictor.json'));
  const entry = (path: string, role: string, format: string) => {
    const bytes = readFileSync(join(dir, path));
    return { path, role, format, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const manifest = {
    schema: 'caqbench/bundle@1',
    name: 'engine_fixture',
    version: '1.0.0',
    files: [
      entry('data/text.txt', 'data', 'raw'),
      entry('data/grad_43.npy', 'data', 'npy'),
      entry('data/blob.bin', 'data', 'raw'),
      entry('data/grad_44.npy', 'data', 'npy'),
      entry('data/train.npy', 'training', 'npy'),
      entry('model/predictor.json', 'model', 'json'),
    ],
    codecs,
    metrics: ['compressed_bytes', 'ratio', 'compressed_sha256', 'caq', 'distortion'],
    tolerance: { relative: 0.015, gate_cpu: false },
    run: { runs: 2, warmup: 0 },
  };
  const path = join(dir, 'bundle.json');
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}
