import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../harness/src/fs/package-root.js';
import { decodeNpy, encodeNpy } from '../../mock-engine/src/format/npy.js';
import { checkErrorBound } from '../../mock-engine/src/metrics/check-error-bound.js';
import type { Tensor } from '../../mock-engine/src/codec.js';

const WRAPPER = join(packageRoot(), 'harness', 'wrappers', 'zfp');
const NPY = join(packageRoot(), 'test', 'fixtures', 'engine', 'npy');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caq-zfp-wrapper-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** compress then decompress through the wrapper; the restored file's bytes. */
async function roundTrip(input: string, mode: string[]): Promise<{ compressed: Buffer; restored: Buffer }> {
  const z = join(dir, 'x.zfp');
  const out = join(dir, 'x.npy');
  await execa(WRAPPER, [...mode, 'compress', input, z]);
  await execa(WRAPPER, [...mode, 'decompress', z, out]);
  return { compressed: await readFile(z), restored: await readFile(out) };
}

async function npyFile(name: string, t: Tensor): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encodeNpy(t));
  return path;
}

describe('harness/wrappers/zfp', () => {
  it('declares an abs bound only in fixed-accuracy mode, and says it takes tensors', async () => {
    expect(JSON.parse((await execa(WRAPPER, ['info'])).stdout)).toMatchObject({
      name: 'zfp',
      lossless: false,
      input: 'tensor',
      error_bound: { mode: 'abs', value: 0.01 },
    });
    expect(JSON.parse((await execa(WRAPPER, ['-a', '1e-3', 'info'])).stdout).error_bound).toEqual({
      mode: 'abs',
      value: 1e-3,
    });
    for (const mode of [
      ['-p', '16'],
      ['-r', '8'],
    ])
      expect(JSON.parse((await execa(WRAPPER, [...mode, 'info'])).stdout).error_bound).toBeUndefined();
  });

  it('gives zfp the C-order shape fastest axis first and keeps the .npy header, so the restored file is the same array within the bound', async () => {
    const data = Float32Array.from({ length: 30 * 70 }, (_, i) => Math.sin((i % 70) / 5) + Math.floor(i / 70) / 3);
    const t: Tensor = { dtype: 'float32', shape: [30, 70], data };
    const input = await npyFile('field.npy', t);
    const { compressed, restored } = await roundTrip(input, ['-a', '0.001']);
    const header = encodeNpy(t).length - data.byteLength;
    expect(compressed.subarray(0, header).equals((await readFile(input)).subarray(0, header))).toBe(true);
    expect(restored.length).toBe(encodeNpy(t).length);
    const back = decodeNpy(restored);
    expect([back.dtype, back.shape]).toEqual(['float32', [30, 70]]);
    expect(checkErrorBound(t, back as Tensor, { mode: 'abs', value: 0.001 })).toBeNull();
    // after the header, exactly what zfp writes given the dims fastest axis first (nx = 70, ny = 30)
    const direct = await execa(
      'zfp',
      ['-q', '-h', '-t', 'f32', '-2', '70', '30', '-a', '0.001', '-i', '-', '-z', '-'],
      { input: Buffer.from(data.buffer), encoding: 'buffer' },
    );
    expect(compressed.subarray(header).equals(Buffer.from(direct.stdout))).toBe(true);
  });

  it('handles float64 with 5 axes, a Fortran-ordered array, a scalar, an empty array and a version 2 header', async () => {
    const five: Tensor = {
      dtype: 'float64',
      shape: [2, 3, 4, 5, 6],
      data: Float64Array.from({ length: 720 }, (_, i) => Math.cos(i / 11)),
    };
    const back = decodeNpy((await roundTrip(await npyFile('five.npy', five), ['-a', '1e-6'])).restored);
    expect(back.shape).toEqual([2, 3, 4, 5, 6]);
    expect(checkErrorBound(five, back as Tensor, { mode: 'abs', value: 1e-6 })).toBeNull();
    for (const name of ['f4_fortran_2x3.npy', 'f4_scalar.npy', 'f4_empty_3x0.npy', 'f4_v2_2x2.npy']) {
      const original = await readFile(join(NPY, name));
      const { restored } = await roundTrip(join(NPY, name), ['-p', '32']);
      // 32 bits of precision on float32: zfp is lossless here, so the restored .npy is the original byte for byte
      expect(restored.equals(original), name).toBe(true);
    }
  });

  it('refuses what zfp cannot take with exit 65 and bad mode values with exit 2, naming them', async () => {
    for (const [name, why] of [
      ['f8_big_endian_4.npy', "dtype '>f8'"],
      ['b1_2x3.npy', "dtype '|b1'"],
      ['c8_2.npy', "dtype '<c8'"],
    ] as const) {
      const run = await execa(WRAPPER, ['compress', join(NPY, name), join(dir, 'no.zfp')], { reject: false });
      expect([run.exitCode, run.stderr]).toEqual([65, expect.stringContaining(why)]);
    }
    const text = join(dir, 'text.txt');
    await writeFile(text, 'not a tensor');
    expect((await execa(WRAPPER, ['compress', text, join(dir, 'no.zfp')], { reject: false })).stderr).toContain(
      'is not a .npy file',
    );
    for (const mode of [['-a', '0'], ['-a', 'x'], ['-p', '65'], ['-r', '-1'], ['-a']]) {
      const run = await execa(WRAPPER, [...mode, 'info'], { reject: false });
      expect(run.exitCode, mode.join(' ')).toBe(2);
    }
  });
});
