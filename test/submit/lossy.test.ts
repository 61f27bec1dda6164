import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDistortionBound } from '../../harness/src/submit/distortion-bound.js';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import { verifyRoundTrip } from '../../harness/src/submit/verify-roundtrip.js';
import { makeTestBundle, type TestBundle } from './fixtures.js';

// Quantises: zeroes the low byte of every float32 of a .npy, clears the low bit of every other byte.
const LOSSY = `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
const [cmd, input, output] = process.argv.slice(2);
if (cmd === 'info') {
  console.log(JSON.stringify({ name: 'quantise', version: '1', lossless: false, deterministic: true }));
} else {
  const b = readFileSync(input);
  if (cmd === 'compress' && input.endsWith('.npy')) for (let i = 10 + b.readUInt16LE(8); i < b.length; i += 4) b[i] = 0;
  else if (cmd === 'compress') for (let i = 0; i < b.length; i++) b[i] &= 0xfe;
  writeFileSync(output, b);
}
`;

let bundle: TestBundle;
let work: string;
let codec: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['noise', 'grad'] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-lossy-'));
  await chmod(work, 0o755); // under root the seal runs the codec as uid 65534
  codec = join(work, 'quantise.mjs');
  await writeFile(codec, LOSSY);
  await chmod(codec, 0o755);
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('lossy codecs are measured with the engine distortion metrics', () => {
  it('records distortion per file and the mean SNR and bits per value', async () => {
    const s = await runSubmission({ bundle: bundle.dir, codec: { kind: 'command', argv: [codec] }, submitter: 't', runs: 1, warmup: 0, unstableThreshold: 100, referenceWorkload: false });
    expect(submissionSchemaFindings(s)).toEqual([]);
    const rows = Object.fromEntries(s.runs[0]!.files.map((f) => [f.file, f]));
    const tensor = rows['data/grad.npy']!;
    expect([tensor.failure, tensor.roundtrip]).toEqual([null, 'lossy']);
    // float32 with the low mantissa byte zeroed: relative error below 2^-15.
    expect(tensor.distortion!.relative_l2_error!).toBeGreaterThan(0);
    expect(tensor.distortion!.relative_l2_error!).toBeLessThan(2 ** -15);
    expect(tensor.distortion!.bits_per_value).toBeCloseTo((8 * tensor.compressed_bytes!) / 256, 9);
    const bytes = rows['data/noise.bin']!;
    expect(bytes.roundtrip).toBe('lossy');
    expect(bytes.distortion!.max_abs_error).toBe(1);
    expect(s.claimed.mean_snr_db).toBeGreaterThan(40);
    expect(s.claimed.mean_bits_per_value).toBeGreaterThan(0);
  });

  it("fails a reconstruction beyond the bundle's declared bound", async () => {
    const original = join(work, 'orig.bin');
    const restored = join(work, 'rest.bin');
    await writeFile(original, Buffer.from([10, 20, 30, 40]));
    await writeFile(restored, Buffer.from([10, 20, 30, 48]));
    const file = { path: 'data/x.bin', bytes: 4, sha256: '0'.repeat(64), format: 'raw' };
    const within = await verifyRoundTrip({ file, originalPath: original, restoredPath: restored, compressedBytes: 4, lossless: false, bound: { max_abs_error: 8 } });
    expect(within).toMatchObject({ roundtrip: 'lossy', failure: null });
    const beyond = await verifyRoundTrip({ file, originalPath: original, restoredPath: restored, compressedBytes: 4, lossless: false, bound: { max_abs_error: 4, min_snr_db: 30 } });
    expect(beyond.failure).toMatchObject({ reason: 'distortion-bound' });
    expect(beyond.failure!.detail).toMatch(/SNR 16\.\d+ dB < 30 dB; max abs error 8 > 4/);
  });

  it('treats any error on an all-zero original as beyond an SNR or L2 bound', () => {
    const d = { max_abs_error: 1, relative_l2_error: null, snr_db: null, psnr_db: null, psnr_peak: 0, bits_per_value: 8, nonfinite_preserved: true };
    expect(checkDistortionBound(d, { min_snr_db: 10 })).toMatch(/SNR -inf dB/);
    expect(checkDistortionBound({ ...d, max_abs_error: 0, relative_l2_error: 0 }, { min_snr_db: 10 })).toBeNull();
  });
});
