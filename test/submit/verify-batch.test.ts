import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../mock-engine/src/format/npy.js';
import { verifyRoundTrip, type RoundTripInput } from '../../harness/src/submit/verify-roundtrip.js';
import type * as VerifyBatch from '../../harness/src/submit/verify-batch.js';
import { ensureBuilt, REPO } from '../e2e/cli.js';

/**
 * Round trips judged on the worker pool must give exactly the verdicts judged one by
 * one on the main thread: identical, a truncated copy, a flipped byte, a lossy tensor
 * with its distortion, a lossy tensor beyond the bundle's bound. The pool loads the
 * compiled task, so the batch module is taken from build/.
 */
let inputs: RoundTripInput[];
let built: typeof VerifyBatch;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  await ensureBuilt();
  built = (await import(
    pathToFileURL(join(REPO, 'build', 'harness', 'src', 'submit', 'verify-batch.js')).href
  )) as typeof VerifyBatch;
  const dir = mkdtempSync(join(tmpdir(), 'caq-verify-batch-'));
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const text = Buffer.from('call me ishmael. '.repeat(400));
  const tensor = new Float32Array(32 * 32).map((_, i) => Math.sin(i / 5));
  const npy = encodeNpy({ dtype: 'float32', shape: [32, 32], data: tensor });
  const rough = encodeNpy({ dtype: 'float32', shape: [32, 32], data: tensor.map((v) => Math.round(v * 16) / 16) });
  const textFile = { path: 'data/t.txt', bytes: text.length, sha256: sha256(text), format: 'raw' };
  const npyFile = { path: 'data/g.npy', bytes: npy.length, sha256: sha256(npy), format: 'npy' };
  const original = write('t.txt', text);
  const originalNpy = write('g.npy', npy);
  const flipped = Buffer.from(text);
  flipped[1000] ^= 1;
  inputs = [
    {
      file: textFile,
      originalPath: original,
      restoredPath: write('same.txt', text),
      compressedBytes: 100,
      lossless: true,
      bounds: [],
    },
    {
      file: textFile,
      originalPath: original,
      restoredPath: write('short.txt', text.subarray(0, 5000)),
      compressedBytes: 100,
      lossless: true,
      bounds: [],
    },
    {
      file: textFile,
      originalPath: original,
      restoredPath: write('flip.txt', flipped),
      compressedBytes: 100,
      lossless: true,
      bounds: [],
    },
    {
      file: npyFile,
      originalPath: originalNpy,
      restoredPath: write('rough.npy', rough),
      compressedBytes: 900,
      lossless: false,
      bounds: [],
    },
    {
      file: npyFile,
      originalPath: originalNpy,
      restoredPath: write('rough2.npy', rough),
      compressedBytes: 900,
      lossless: false,
      bounds: [{ set_by: 'bundle', bound: { mode: 'psnr', value: 60 } }],
    },
  ];
});

describe('verifyBatch', () => {
  it('gives, on the worker pool, the verdicts judged one by one on this thread', async () => {
    const serial = [];
    for (const input of inputs) serial.push(await verifyRoundTrip(input));
    expect(serial.map((v) => v.failure?.reason ?? v.roundtrip)).toEqual([
      'identical',
      'roundtrip-mismatch',
      'roundtrip-mismatch',
      'lossy',
      'distortion-bound',
    ]);
    expect(await built.verifyBatch(inputs, { workers: 'always' })).toEqual(serial);
    expect(await built.verifyBatch(inputs, { workers: 'never' })).toEqual(serial);
  });

  it('names the file when a round trip cannot be judged at all', async () => {
    const gone = { ...inputs[0]!, restoredPath: join(tmpdir(), 'caq-no-such-restored-file') };
    for (const workers of ['always', 'never'] as const) {
      await expect(built.verifyBatch([inputs[0]!, gone], { workers })).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('data/t.txt'),
      });
    }
  });

  it('weighs a lossy file at 4× the work of a lossless one when choosing the pool', () => {
    const lossless = inputs.slice(0, 3).reduce((n, i) => n + i.file.bytes, 0);
    const lossy = inputs.slice(3).reduce((n, i) => n + i.file.bytes, 0);
    expect(built.batchBytes(inputs)).toBe(lossless + lossy);
    expect(built.batchWork(inputs)).toBe(lossless + 4 * lossy);
    expect(built.batchWork(inputs)).toBeLessThan(built.WORKERS_FROM_WORK);
  });
});
