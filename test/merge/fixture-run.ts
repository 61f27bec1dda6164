import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpy } from '../../mock-engine/src/format/npy.js';
import type { Results } from '../../mock-engine/src/results.js';
import { runManifest } from '../../mock-engine/src/run/index.js';

const PREDICTOR = fileURLToPath(new URL('../fixtures/alcm-h3/predictor.json', import.meta.url));

/** Deterministic pseudo-random floats (an LCG): the data only has to be the same on every run of the test. */
function tensor(seed: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 10 < 3 ? 0 : (s / 2 ** 32 - 0.5) * 4;
  }
  return out;
}

/**
 * A small hand-made bundle folder (three text files, two .npy tensors, the
 * fixtures' ALCM predictor) and the engine's real run of it: store, gzip and
 * deflate on every file, npz and alcm-h3 on the tensors.
 */
export async function fixtureRun(runs = 3): Promise<{ dir: string; results: Results }> {
  const dir = mkdtempSync(join(tmpdir(), 'caq-merge-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'model'));
  copyFileSync(PREDICTOR, join(dir, 'model', 'alcm-predictor.json'));
  const files: Array<[string, Uint8Array, string]> = [
    ['data/a.txt', new TextEncoder().encode('call me ishmael. '.repeat(400)), 'raw'],
    [
      'data/b|odd%name.txt',
      new TextEncoder().encode('some years ago, never mind how long precisely. '.repeat(150)),
      'raw',
    ],
    ['data/c.bin', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251), 'raw'],
    ['data/t0.npy', encodeNpy({ dtype: 'float32', shape: [40, 50], data: tensor(1, 40, 50) }), 'npy'],
    ['data/t1.npy', encodeNpy({ dtype: 'float32', shape: [30, 30], data: tensor(2, 30, 30) }), 'npy'],
  ];
  for (const [path, bytes] of files) writeFileSync(join(dir, path), bytes);
  const manifest = {
    schema: 'caqbench/bundle@1',
    name: 'merge_fixture',
    version: '1.0.0',
    files: files.map(([path, bytes, format]) => ({
      path,
      role: 'data',
      format,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })),
    codecs: [
      { codec: 'store', params: {} },
      { codec: 'gzip', params: { level: 6 } },
      { codec: 'npz', params: {} },
      { codec: 'alcm-h3', params: { weights: 'model/alcm-predictor.json' } },
      { codec: 'deflate', params: { level: 1 } },
    ],
    run: { runs, warmup: 0 },
  };
  writeFileSync(join(dir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, results: await runManifest(join(dir, 'bundle.json')) };
}
