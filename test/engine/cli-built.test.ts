import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_EXIT_CODES } from '../../mock-engine/src/errors.js';
import { expected } from './alcm/fixtures.js';
import { writeBundle } from './bundle-fixture.js';
import { ALCM_DIR, NPY_DIR, randomBytes, tempDir } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The single-file engine, built here and run from a folder with no node_modules anywhere above it. */
let dir: string;
const engine = (args: string[], cwd = dir) =>
  execa('node', [join(dir, 'mock-engine.mjs'), ...args], { cwd, reject: false });

beforeAll(async () => {
  const a = join(tempDir(), 'a.mjs');
  const b = join(tempDir(), 'b.mjs');
  await execa('node', [join(ROOT, 'scripts/build-engine.mjs'), a]);
  await execa('node', [join(ROOT, 'scripts/build-engine.mjs'), b]);
  expect(readFileSync(a).equals(readFileSync(b)), 'two builds give the same bytes').toBe(true);
  dir = tempDir('caq-engine-e2e-');
  copyFileSync(a, join(dir, 'mock-engine.mjs'));
  copyFileSync(join(ALCM_DIR, 'tensors/grad_43_100x100.npy'), join(dir, 'g.npy'));
  writeFileSync(join(dir, 'r.bin'), randomBytes(10_000, 4));
}, 60_000);

describe('the built single-file engine', () => {
  it('starts with a node shebang and lists its codecs', async () => {
    expect(readFileSync(join(dir, 'mock-engine.mjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const { stdout, exitCode } = await engine(['info']);
    expect(exitCode).toBe(0);
    const info = JSON.parse(stdout) as { name: string; codecs: Array<{ id: string; lossless: boolean }> };
    expect(info.name).toBe('caqbench-mock-engine');
    expect(info.codecs.map((c) => c.id)).toEqual(
      expect.arrayContaining(['store', 'deflate', 'gzip', 'brotli', 'npz', 'alcm-h3']),
    );
  });

  it('round-trips bytes and tensors through compress and decompress', async () => {
    for (const [codec, input, params] of [
      ['gzip', 'r.bin', ['--param', 'level=9']],
      ['brotli', 'r.bin', []],
      ['npz', 'g.npy', []],
    ] as const) {
      expect((await engine(['compress', '--codec', codec, ...params, input, `${codec}.caq`])).exitCode).toBe(0);
      expect((await engine(['decompress', `${codec}.caq`, `${codec}.out`])).exitCode).toBe(0);
      expect(readFileSync(join(dir, `${codec}.out`)).equals(readFileSync(join(dir, input)))).toBe(true);
    }
    const weights = join(ALCM_DIR, 'predictor.json');
    expect(
      (await engine(['compress', '--codec', 'alcm-h3', '--param', `weights=${weights}`, 'g.npy', 'a.caq'])).exitCode,
    ).toBe(0);
    expect((await engine(['decompress', 'a.caq', 'a.npy'])).exitCode).toBe(0);
    // Lossy: the same .npy header, and the published reference's own reconstruction of this tensor, byte for byte.
    const [restored, original] = [readFileSync(join(dir, 'a.npy')), readFileSync(join(dir, 'g.npy'))];
    expect(restored.length).toBe(original.length);
    expect(restored.subarray(0, 128).equals(original.subarray(0, 128))).toBe(true);
    expect(restored.subarray(128).equals(original.subarray(128))).toBe(false);
    const published = expected.tensors.find((t) => t.seed === 43)!;
    expect(createHash('sha256').update(restored.subarray(128)).digest('hex')).toBe(published.reconstruction_sha256);
  });

  it.each([
    ['unknown codec', ['compress', '--codec', 'zstd', 'r.bin', 'x.out'], 'E_UNKNOWN_CODEC'],
    ['unknown parameter', ['compress', '--codec', 'gzip', '--param', 'lvl=3', 'r.bin', 'x.out'], 'E_BAD_PARAM'],
    ['parameter out of range', ['compress', '--codec', 'gzip', '--param', 'level=12', 'r.bin', 'x.out'], 'E_BAD_PARAM'],
    ['foreign container', ['decompress', 'r.bin', 'x.out'], 'E_BAD_CONTAINER'],
    ['not a .npy', ['compress', '--codec', 'npz', 'r.bin', 'x.out'], 'E_BAD_NPY'],
    ['missing input', ['compress', '--codec', 'gzip', 'nope.bin', 'x.out'], 'E_IO'],
    ['output folder missing', ['compress', '--codec', 'gzip', 'r.bin', 'no/such/x.out'], 'E_IO'],
    ['bad usage', ['compress', 'r.bin'], 'E_USAGE'],
  ] as const)('%s: clear error, its exit status, no output left', async (_name, args, code) => {
    const before = readdirSync(dir);
    const { exitCode, stderr } = await engine([...args]);
    expect(exitCode).toBe(ENGINE_EXIT_CODES[code]);
    expect(stderr).toMatch(new RegExp(`^mock-engine: error \\[${code}\\]: `));
    expect(readdirSync(dir)).toEqual(before);
  });

  it('reports a truncated container and a .npy whose shape does not match its bytes', async () => {
    await engine(['compress', '--codec', 'gzip', 'r.bin', 't.caq']);
    writeFileSync(join(dir, 't.caq'), readFileSync(join(dir, 't.caq')).subarray(0, 100));
    const truncated = await engine(['decompress', 't.caq', 't.out']);
    expect([truncated.exitCode, existsSync(join(dir, 't.out'))]).toEqual([ENGINE_EXIT_CODES.E_BAD_CONTAINER, false]);
    expect(truncated.stderr).toContain('file:  t.caq');
    writeFileSync(join(dir, 's.npy'), readFileSync(join(dir, 'g.npy')).subarray(0, 30_000));
    const short = await engine(['compress', '--codec', 'npz', 's.npy', 's.out']);
    expect([short.exitCode, existsSync(join(dir, 's.out'))]).toEqual([ENGINE_EXIT_CODES.E_SHAPE_MISMATCH, false]);
    expect(short.stderr).toContain('s.npy');
    const fortran = await engine(['compress', '--codec', 'npz', join(NPY_DIR, 'f4_fortran_2x3.npy'), 'f.out']);
    expect(fortran.exitCode).toBe(ENGINE_EXIT_CODES.E_BAD_NPY);
  });

  it('runs a bundle and compares: passes against itself, fails naming a figure changed by 2%', async () => {
    const bundle = tempDir();
    writeBundle(bundle);
    const run = await engine(['run', '--manifest', 'bundle.json', '--out', 'results.json', '--runs', '2'], bundle);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(
      (await engine(['compare', 'results.json', 'results.json', '--manifest', 'bundle.json'], bundle)).exitCode,
    ).toBe(0);
    const expected = JSON.parse(readFileSync(join(bundle, 'results.json'), 'utf8'));
    expected.codecs[1].files[2].compressed_bytes = Math.round(expected.codecs[1].files[2].compressed_bytes * 1.02);
    writeFileSync(join(bundle, 'expected.json'), JSON.stringify(expected));
    const compare = await engine(['compare', 'results.json', 'expected.json'], bundle);
    expect(compare.exitCode).toBe(1);
    expect(compare.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^FAIL: 1 of \d+ compared figures outside ±1.5%: gzip data\/blob.bin compressed_bytes$/,
    );
    const json = await engine(['compare', 'results.json', 'expected.json', '--json'], bundle);
    expect(JSON.parse(json.stdout)).toMatchObject({ pass: false, failures: 1 });
  });
});
