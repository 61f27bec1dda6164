import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MULTI_MAGIC } from '../../../mock-engine/src/chunk/index.js';
import { CONTAINER_MAGIC } from '../../../mock-engine/src/container.js';
import { ENGINE_EXIT_CODES } from '../../../mock-engine/src/errors.js';
import { decodeNpy, encodeNpy } from '../../../mock-engine/src/format/npy.js';
import { ALCM_DIR, listDir, randomBytes, tempDir } from '../helpers.js';
import { engine } from './cli-io.js';

let dir: string;
const read = (name: string): Buffer => readFileSync(join(dir, name));
const WEIGHTS = join(ALCM_DIR, 'predictor.json');

beforeAll(() => {
  dir = tempDir('caq-chunk-');
  copyFileSync(join(ALCM_DIR, 'tensors/grad_43_100x100.npy'), join(dir, 'g.npy'));
  // 3-D float64 with an odd row count, so the last chunk is short.
  const data = Float64Array.from({ length: 7 * 3 * 5 }, (_, i) => Math.sin(i) * 1e3);
  writeFileSync(join(dir, 'cube.npy'), encodeNpy({ dtype: 'float64', shape: [7, 3, 5], data }));
  writeFileSync(join(dir, 'r.bin'), randomBytes(100_003, 9));
});

describe('compress --chunk-rows / --chunk-bytes and decompress', () => {
  it.each([
    ['npz', 'g.npy', '30'],
    ['npz', 'g.npy', '100'],
    ['npz', 'g.npy', '1000'],
    ['npz', 'cube.npy', '2'],
  ])('%s on %s in chunks of %s rows round-trips byte for byte', async (codec, input, rows) => {
    expect((await engine(dir, 'compress', '--codec', codec, '--chunk-rows', rows, input, 'c.caq')).code).toBe(0);
    expect(read('c.caq').subarray(0, 4).equals(Buffer.from(MULTI_MAGIC))).toBe(true);
    expect((await engine(dir, 'decompress', 'c.caq', 'back.npy')).code).toBe(0);
    expect(read('back.npy').equals(read(input))).toBe(true);
  });

  it('frames one container per chunk: 100 rows by 30 are 4 chunks, the unchunked file is a single container', async () => {
    await engine(dir, 'compress', '--codec', 'npz', '--chunk-rows', '30', 'g.npy', 'c.caq');
    const body = read('c.caq');
    const singles = body.toString('latin1').split(Buffer.from(CONTAINER_MAGIC).toString('latin1')).length - 1;
    expect(singles).toBe(4);
    await engine(dir, 'compress', '--codec', 'npz', 'g.npy', 'one.caq');
    expect(read('one.caq').subarray(0, 4).equals(Buffer.from(CONTAINER_MAGIC))).toBe(true);
  });

  it.each(['store', 'gzip', 'brotli'])('%s with --chunk-bytes round-trips byte for byte', async (codec) => {
    expect((await engine(dir, 'compress', '--codec', codec, '--chunk-bytes', '16384', 'r.bin', 'b.caq')).code).toBe(0);
    expect((await engine(dir, 'decompress', 'b.caq', 'b.back')).code).toBe(0);
    expect(read('b.back').equals(read('r.bin'))).toBe(true);
  });

  it('gives alcm-h3 each chunk as its own tensor: output differs from unchunked, and equals the chunks coded alone', async () => {
    const alcm = ['--codec', 'alcm-h3', '--param', `weights=${WEIGHTS}`];
    await engine(dir, 'compress', ...alcm, '--chunk-rows', '50', 'g.npy', 'a.caq');
    await engine(dir, 'decompress', 'a.caq', 'a.npy');
    await engine(dir, 'compress', ...alcm, 'g.npy', 'whole.caq');
    await engine(dir, 'decompress', 'whole.caq', 'whole.npy');
    expect(read('a.npy').equals(read('whole.npy'))).toBe(false);
    const g = decodeNpy(new Uint8Array(read('g.npy')));
    const halves: Float32Array[] = [];
    for (const [i, first] of [0, 50].entries()) {
      const half = {
        dtype: 'float32' as const,
        shape: [50, 100],
        data: (g.data as Float32Array).slice(first * 100, (first + 50) * 100),
      };
      writeFileSync(join(dir, `h${i}.npy`), encodeNpy(half));
      await engine(dir, 'compress', ...alcm, `h${i}.npy`, `h${i}.caq`);
      await engine(dir, 'decompress', `h${i}.caq`, `h${i}.back.npy`);
      halves.push(decodeNpy(new Uint8Array(read(`h${i}.back.npy`))).data as Float32Array);
    }
    const chunked = decodeNpy(new Uint8Array(read('a.npy')));
    expect(chunked.shape).toEqual([100, 100]);
    expect(
      Buffer.from((chunked.data as Float32Array).buffer).equals(
        Buffer.concat(halves.map((h) => Buffer.from(h.buffer))),
      ),
    ).toBe(true);
  });
});

describe('a damaged multi-chunk container is refused, naming it, and nothing is written', () => {
  let good: Buffer;
  beforeAll(async () => {
    await engine(dir, 'compress', '--codec', 'npz', '--chunk-rows', '30', 'g.npy', 'good.caq');
    good = read('good.caq');
  });

  const damaged: Array<[string, (b: Buffer) => Buffer, RegExp]> = [
    ['cut inside the last chunk', (b) => b.subarray(0, b.length - 10), /truncated multi-chunk container: chunk 4 of 4/],
    ['cut after the header', (b) => b.subarray(0, 30), /truncated multi-chunk container/],
    ['cut inside the header', (b) => b.subarray(0, 8), /truncated multi-chunk container/],
    ['a flipped byte in a chunk', (b) => flip(b, b.length - 100), /chunk 4 of 4 fails its CRC-32/],
    ['a flipped dimension in the header', (b) => flip(b, 16), /header fails its CRC-32|inconsistent/],
    ['trailing bytes', (b) => Buffer.concat([b, Buffer.from([0])]), /1 trailing bytes/],
  ];

  it.each(damaged)('%s', async (_what, damage, message) => {
    writeFileSync(join(dir, 'bad.caq'), damage(good));
    const before = listDir(dir);
    const { code, err } = await engine(dir, 'decompress', 'bad.caq', 'out.npy');
    expect(code).toBe(ENGINE_EXIT_CODES.E_BAD_CONTAINER);
    expect(err).toMatch(message);
    expect(err).toContain(join(dir, 'bad.caq'));
    expect(listDir(dir)).toEqual(before);
  });
});

describe('chunking options', () => {
  it.each([
    [['--codec', 'gzip', '--chunk-rows', '10', 'r.bin'], /--chunk-rows cuts tensors/],
    [['--codec', 'npz', '--chunk-bytes', '10', 'g.npy'], /--chunk-bytes cuts raw bytes/],
    [['--codec', 'npz', '--chunk-rows', '0', 'g.npy'], /at least 1/],
    [['--codec', 'npz', '--chunk-rows', '2', '--chunk-bytes', '2', 'g.npy'], /not both/],
    [['--codec', 'npz', '--chunk-rows=-3', 'g.npy'], /non-negative integer/],
  ])('%j is a usage error', async (args, message) => {
    const { code, err } = await engine(dir, 'compress', ...args, 'x.caq');
    expect(code).toBe(ENGINE_EXIT_CODES.E_USAGE);
    expect(err).toMatch(message);
  });

  it('refuses a .npy whose size does not match its header', async () => {
    writeFileSync(join(dir, 'short.npy'), read('g.npy').subarray(0, 1000));
    const { code, err } = await engine(dir, 'compress', '--codec', 'npz', '--chunk-rows', '10', 'short.npy', 'x.caq');
    expect(code).toBe(ENGINE_EXIT_CODES.E_SHAPE_MISMATCH);
    expect(err).toContain('short.npy');
  });
});

function flip(b: Buffer, at: number): Buffer {
  const copy = Buffer.from(b);
  copy[at] = copy[at]! ^ 0xff;
  return copy;
}
