import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, openSync, writeSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { npyHeaderBytes } from '../../../mock-engine/src/chunk/npy-stream-header.js';
import { ALCM_DIR, seededRandom, tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROWS = 4096;
const COLS = 4096; // 4096 × 4096 float32 = 64 MiB of data
const MIB = 1024 * 1024;

/**
 * Runs the built engine in a child that prints its own peak RSS on exit
 * (`process.resourceUsage().maxRSS`, KiB, the kernel's ru_maxrss), so the
 * figure is the engine's alone, on any machine with Node.
 */
const WRAPPER = `
import { pathToFileURL } from 'node:url';
const [engine, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], engine, ...args];
process.on('exit', () => process.stderr.write('\\nmaxrss_kib=' + process.resourceUsage().maxRSS + '\\n'));
await import(pathToFileURL(engine).href);
`;

let dir: string;

async function peakMiB(...args: string[]): Promise<number> {
  const r = await execa('node', [join(dir, 'wrapper.mjs'), join(dir, 'engine.mjs'), ...args], {
    cwd: dir,
    reject: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const m = /maxrss_kib=(\d+)/.exec(r.stderr);
  expect(m).not.toBeNull();
  return Number(m![1]) / 1024;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Written 256 rows at a time; mostly zeros (a pruned gradient), so deflate finishes in about a second. */
function writeBigNpy(path: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, npyHeaderBytes('float32', [ROWS, COLS]));
    const next = seededRandom(21);
    const block = new Float32Array(256 * COLS);
    for (let r = 0; r < ROWS; r += 256) {
      for (let i = 0; i < block.length; i++) block[i] = next() < 0.97 ? 0 : Math.round(next() * 64) / 16;
      writeSync(fd, new Uint8Array(block.buffer));
    }
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  dir = tempDir('caq-chunk-rss-');
  await execa('node', [join(ROOT, 'scripts/build-engine.mjs'), join(dir, 'engine.mjs')]);
  writeFileSync(join(dir, 'wrapper.mjs'), WRAPPER);
  writeBigNpy(join(dir, 'big.npy'));
}, 60_000);

describe('compress --chunk-rows keeps peak memory to the chunk, not the file', () => {
  it('a 64 MiB float32 .npy through npz in 128-row (2 MiB) chunks: peak RSS well under file + baseline, byte-identical round trip', async () => {
    const fileMiB = statSync(join(dir, 'big.npy')).size / MIB;
    expect(fileMiB).toBeGreaterThan(64);
    writeFileSync(join(dir, 'tiny.npy'), readFileSync(join(ALCM_DIR, 'tensors/grad_43_100x100.npy')));
    const baseline = await peakMiB('compress', '--codec', 'npz', '--chunk-rows', '128', 'tiny.npy', 'tiny.caq');
    const compress = await peakMiB('compress', '--codec', 'npz', '--chunk-rows', '128', 'big.npy', 'big.caq');
    const decompress = await peakMiB('decompress', 'big.caq', 'back.npy');
    // Control: the same file unchunked must cost at least the file, or this measurement could not tell.
    const unchunked = await peakMiB('compress', '--codec', 'npz', 'big.npy', 'whole.caq');
    console.log(
      `peak RSS MiB: baseline ${baseline.toFixed(1)}, chunked compress ${compress.toFixed(1)}, chunked decompress ${decompress.toFixed(1)}, unchunked compress ${unchunked.toFixed(1)} (file ${fileMiB.toFixed(1)})`,
    );
    expect(unchunked).toBeGreaterThan(baseline + fileMiB);
    // V8 leaves ~20–45 MiB of dead chunk buffers between collections whatever the file size
    // (measured: 16 MiB → +22, 64 MiB → +48, 256 MiB → +40 MiB over a tiny compress), so the bound is
    // three quarters of the file, not the chunk; unchunked costs the file several times over.
    expect(compress).toBeLessThan(baseline + fileMiB * 0.75);
    expect(decompress).toBeLessThan(baseline + fileMiB * 0.75);
    expect(await sha256(join(dir, 'back.npy'))).toBe(await sha256(join(dir, 'big.npy')));
  }, 120_000);
});
