import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import { verifyRoundTrip } from '../../harness/src/submit/verify-roundtrip.js';
import { checkRoundtrip } from '../../harness/src/validate/roundtrip-check.js';
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
    const s = await runSubmission({
      bundle: bundle.dir,
      codec: { kind: 'command', argv: [codec] },
      submitter: 't',
      runs: 1,
      warmup: 0,
      unstableThreshold: 100,
      referenceWorkload: false,
    });
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

  it('fails a reconstruction beyond a bound, naming the file, the bound and the worst element', async () => {
    const original = join(work, 'orig.bin');
    const restored = join(work, 'rest.bin');
    await writeFile(original, Buffer.from([10, 20, 30, 40]));
    await writeFile(restored, Buffer.from([10, 20, 30, 48]));
    const file = { path: 'data/x.bin', bytes: 4, sha256: '0'.repeat(64), format: 'raw' };
    const input = { file, originalPath: original, restoredPath: restored, compressedBytes: 4, lossless: false };
    const within = await verifyRoundTrip({ ...input, bounds: [{ set_by: 'codec', bound: { mode: 'abs', value: 8 } }] });
    expect(within).toMatchObject({ roundtrip: 'lossy', failure: null });
    const beyond = await verifyRoundTrip({
      ...input,
      bounds: [
        { set_by: 'codec', bound: { mode: 'abs', value: 8 } },
        { set_by: 'bundle', bound: { mode: 'abs', value: 4 } },
      ],
    });
    expect(beyond.failure).toMatchObject({
      reason: 'distortion-bound',
      bound_violation: {
        set_by: 'bundle',
        mode: 'abs',
        value: 4,
        index: 3,
        position: [3],
        original: 40,
        reconstruction: 48,
        error: 8,
        allowed: 4,
      },
    });
    expect(beyond.failure!.detail).toBe(
      "the bundle's abs error bound 4 broken at element 3 [3]: original 40, reconstruction 48, error 8 > 4 allowed",
    );
  });

  it('treats any error on an all-zero original as beyond a PSNR bound', async () => {
    const original = join(work, 'zeros.bin');
    await writeFile(original, Buffer.alloc(4));
    const file = { path: 'data/z.bin', bytes: 4, sha256: '0'.repeat(64), format: 'raw' };
    const bounds = [{ set_by: 'bundle' as const, bound: { mode: 'psnr' as const, value: 10 } }];
    const exact = await verifyRoundTrip({
      file,
      originalPath: original,
      restoredPath: original,
      compressedBytes: 4,
      lossless: false,
      bounds,
    });
    expect(exact.failure).toBeNull();
    const restored = join(work, 'one.bin');
    await writeFile(restored, Buffer.from([0, 0, 1, 0]));
    const off = await verifyRoundTrip({
      file,
      originalPath: original,
      restoredPath: restored,
      compressedBytes: 4,
      lossless: false,
      bounds,
    });
    expect(off.failure).toMatchObject({ bound_violation: { mode: 'psnr', index: 2, psnr_db: null } });
    expect(off.failure!.detail).toMatch(/PSNR ≥ 10 dB broken: PSNR -inf dB/);
  });
});

// Adds `ERR` to every value of a .npy (twice that at element 5 with `break`); declares an abs bound of `BOUND`.
const BOUNDED = `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
const [bound, err, mode, cmd, input, output] = process.argv.slice(2);
if (cmd === 'info') {
  console.log(JSON.stringify({ name: 'bounded', version: '1', lossless: false, deterministic: true, input: 'tensor', error_bound: { mode: 'abs', value: Number(bound) } }));
} else {
  const b = readFileSync(input);
  if (cmd === 'compress') {
    const start = 10 + b.readUInt16LE(8);
    for (let i = start, k = 0; i < b.length; i += 4, k++) b.writeFloatLE(b.readFloatLE(i) + Number(err) * (mode === 'break' && k === 5 ? 2 : 1), i);
  }
  writeFileSync(output, b);
}
`;

describe("a codec's declared error bound, held on every element", () => {
  let script: string;
  beforeAll(async () => {
    script = join(work, 'bounded.mjs');
    await writeFile(script, BOUNDED);
    await chmod(script, 0o755);
  });
  const submit = (bound: string, err: string, mode: string, dir = bundle.dir) =>
    runSubmission({
      bundle: dir,
      codec: { kind: 'command', argv: [script, bound, err, mode] },
      submitter: 't',
      runs: 1,
      warmup: 0,
      unstableThreshold: 100,
      referenceWorkload: false,
    });

  it('passes a codec that keeps its bound, on the .npy files only (a tensor codec)', async () => {
    const s = await submit('0.001', '0.0009', 'keep');
    expect(s.runs[0]!.files.map((f) => [f.file, f.failure, f.roundtrip])).toEqual([['data/grad.npy', null, 'lossy']]);
    expect(s.codec.info.error_bound).toEqual({ mode: 'abs', value: 0.001 });
  });

  it('fails the row of a codec that breaks its bound twofold on one element, and validation names the bound', async () => {
    const s = await submit('0.001', '0.0009', 'break');
    expect(submissionSchemaFindings(s)).toEqual([]);
    const row = s.runs[0]!.files[0]!;
    expect(row.failure).toMatchObject({
      reason: 'distortion-bound',
      stage: 'verify',
      bound_violation: { set_by: 'codec', mode: 'abs', value: 0.001, index: 5, position: [0, 5] },
    });
    expect(row.failure!.bound_violation!.error as number).toBeCloseTo(0.0018, 6);
    expect(row.failure!.detail).toMatch(
      /^the codec's declared abs error bound 0\.001 broken at element 5 \[0, 5\]: original [-\d.e]+, reconstruction [-\d.e]+, error 0\.0018\d*/,
    );
    const check = checkRoundtrip(s);
    expect([check.status, check.code]).toEqual(['FAIL', 'SUBMISSION_ROUNDTRIP']);
    expect(check.findings.join('\n')).toMatch(
      /data\/grad\.npy: distortion-bound during verify: the codec's declared abs error bound 0\.001 broken at element 5/,
    );
  });

  it('refuses a bundle whose distortion_bound is malformed, naming the field', async () => {
    const bad = await makeTestBundle({ only: ['grad'], distortionBound: { mode: 'max', value: 1 } });
    try {
      await expect(submit('0.001', '0.0009', 'keep', bad.dir)).rejects.toMatchObject({
        code: 'VERIFY_MANIFEST_INVALID',
        hint: expect.stringContaining('distortion_bound'),
      });
    } finally {
      await rm(bad.root, { recursive: true, force: true });
    }
  });

  it("holds every lossy codec to the bundle's distortion_bound as well", async () => {
    const strict = await makeTestBundle({ only: ['grad'], distortionBound: { mode: 'abs', value: 0.0005 } });
    try {
      const row = (await submit('0.001', '0.0009', 'keep', strict.dir)).runs[0]!.files[0]!;
      expect(row.failure).toMatchObject({
        reason: 'distortion-bound',
        bound_violation: { set_by: 'bundle', mode: 'abs', value: 0.0005 },
      });
      expect(row.failure!.detail).toContain("the bundle's abs error bound 0.0005 broken");
    } finally {
      await rm(strict.root, { recursive: true, force: true });
    }
  });
});
