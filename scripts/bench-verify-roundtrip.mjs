#!/usr/bin/env node
/**
 * Benchmark (not a test): round-trip verification on the worker pool against the
 * same batch judged one by one on the main thread, in the same run.
 *   - lossless: N text files and their restored copies (identical), digests
 *     checked against the manifest's, streaming;
 *   - lossy: N float32 `.npy` tensors and a quantised copy of each, with their
 *     distortion figures (whole tensors in memory, one per worker).
 * Prints wall time of each way, the pool's speed-up (serial / pool; the machine's
 * core count is the ceiling) and that both gave identical verdicts.
 *
 *   npm run build && node scripts/bench-verify-roundtrip.mjs [--mib 256] [--files 16]
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { generateText, MIB, printTable, ratio } from './bench-lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const built = (p) => import(pathToFileURL(join(ROOT, 'build', p)).href);

async function losslessBatch(dir, files, bytes) {
  const inputs = [];
  for (let i = 0; i < files; i++) {
    const original = join(dir, `text-${i}.txt`);
    await generateText(original, bytes, i + 1);
    const restored = join(dir, `text-${i}.restored`);
    const data = await readFile(original);
    await writeFile(restored, data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    inputs.push({
      file: { path: `data/text-${i}.txt`, bytes, sha256, format: 'raw' },
      originalPath: original,
      restoredPath: restored,
      compressedBytes: bytes >> 2,
      lossless: true,
    });
  }
  return inputs;
}

async function lossyBatch(dir, files, bytes, encodeNpy) {
  const inputs = [];
  const rows = Math.max(1, Math.floor(bytes / 4 / 1024));
  for (let i = 0; i < files; i++) {
    const data = new Float32Array(rows * 1024);
    let s = 0x9e3779b9 ^ i;
    for (let k = 0; k < data.length; k++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      data[k] = (s / 0xffffffff - 0.5) * 4;
    }
    const npy = encodeNpy({ dtype: 'float32', shape: [rows, 1024], data });
    const rough = encodeNpy({ dtype: 'float32', shape: [rows, 1024], data: data.map((v) => Math.round(v * 64) / 64) });
    const original = join(dir, `tensor-${i}.npy`);
    const restored = join(dir, `tensor-${i}.restored.npy`);
    await writeFile(original, npy);
    await writeFile(restored, rough);
    const sha256 = createHash('sha256').update(npy).digest('hex');
    inputs.push({
      file: { path: `data/tensor-${i}.npy`, bytes: npy.length, sha256, format: 'npy' },
      originalPath: original,
      restoredPath: restored,
      compressedBytes: npy.length >> 1,
      lossless: false,
      bounds: [],
    });
  }
  return inputs;
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, wall_s: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main() {
  const { values } = parseArgs({
    options: { mib: { type: 'string', default: '256' }, files: { type: 'string', default: '16' } },
  });
  const total = Number(values.mib) * MIB;
  const files = Number(values.files);
  const [{ verifyBatch }, { encodeNpy }] = await Promise.all([
    built('harness/src/submit/verify-batch.js'),
    built('mock-engine/src/format/npy.js'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'caq-bench-verify-'));
  try {
    const rows = [];
    const lossy = Math.max(2, Math.floor(files / 2));
    for (const [kind, make, mib] of [
      ['lossless (sha256)', () => losslessBatch(dir, files, Math.floor(total / files)), total / MIB],
      ['lossy (distortion)', () => lossyBatch(dir, lossy, Math.floor(total / lossy), encodeNpy), total / MIB],
    ]) {
      const inputs = await make();
      // Pool first: any warm-up (page cache, JIT) then favours the main thread, never the pool.
      const pool = await timed(() => verifyBatch(inputs, { workers: 'always' }));
      const serial = await timed(() => verifyBatch(inputs, { workers: 'never' }));
      const same = isDeepStrictEqual(serial.value, pool.value);
      rows.push([
        kind,
        `${inputs.length} × ${(mib / inputs.length).toFixed(1)} MiB`,
        `${serial.wall_s.toFixed(2)} s`,
        `${pool.wall_s.toFixed(2)} s`,
        ratio(serial.wall_s, pool.wall_s),
        same ? 'yes' : 'NO',
      ]);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
    }
    console.log(
      `\nbench-verify-roundtrip  ${new Date().toISOString()}  node ${process.version}  ${availableParallelism()} cores\n`,
    );
    printTable(['batch', 'files', 'main thread', 'worker pool', 'speed-up (serial / pool)', 'same verdicts'], rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
