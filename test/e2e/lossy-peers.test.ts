import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../harness/src/submit/types.js';
import { caqbench, ensureBuilt, REPO } from './cli.js';

let out: string;
let bundle: string;
beforeAll(async () => {
  await ensureBuilt();
  out = await mkdtemp(join(tmpdir(), 'caq-e2e-lossy-'));
  const built = await caqbench(['build', 'synthetic_gradients', '--out', out], 300_000);
  if (built.exitCode !== 0) throw new Error(`caqbench build failed (${built.exitCode}): ${built.stderr}`);
  bundle = join(out, 'synthetic_gradients-1.0.0');
}, 300_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function submit(
  name: string,
  codec: string[],
): Promise<{ status: number | undefined; submission: Submission; stderr: string }> {
  const file = join(out, `${name}.json`);
  const run = await caqbench(
    ['submit', '--bundle', bundle, ...codec, '--submitter', 'e2e', '--runs', '1', '--warmup', '0', '--out', file],
    300_000,
  );
  return {
    status: run.exitCode,
    submission: JSON.parse(await readFile(file, 'utf8')) as Submission,
    stderr: run.stderr,
  };
}

function tensorRows(s: Submission) {
  const rows = s.runs[0]!.files;
  expect(rows.map((r) => r.file)).toEqual(
    Array.from({ length: 10 }, (_, i) => `data/gradients/grad_${String(i).padStart(3, '0')}.npy`),
  );
  return rows;
}

describe('the lossy peers go through caqbench submit like every codec (built CLI, synthetic_gradients)', () => {
  it('zfp -a 0.01 (Debian CLI via its wrapper): its declared abs bound holds on every element of every tensor', {
    timeout: 300_000,
  }, async () => {
    const { status, submission, stderr } = await submit('zfp', [
      '--codec-cmd',
      `${join(REPO, 'harness/wrappers/zfp')} -a 0.01`,
    ]);
    expect(status, stderr).toBe(0);
    expect(submission.codec).toMatchObject({
      name: 'zfp',
      lossless: false,
      info: { input: 'tensor', error_bound: { mode: 'abs', value: 0.01 } },
    });
    for (const row of tensorRows(submission)) {
      expect([row.failure, row.roundtrip]).toEqual([null, 'lossy']);
      expect(row.distortion!.max_abs_error).toBeLessThanOrEqual(0.01);
      expect(row.distortion!.snr_db!).toBeGreaterThan(40);
    }
    expect(submission.claimed.ratio).toBeGreaterThan(2);
  });

  it('zfp -r 8 (fixed rate): no bound declared, 8 bits per value plus the headers', { timeout: 300_000 }, async () => {
    const { status, submission } = await submit('zfp-r8', [
      '--codec-cmd',
      `${join(REPO, 'harness/wrappers/zfp')} -r 8`,
    ]);
    expect(status).toBe(0);
    expect(submission.codec.info.error_bound).toBeUndefined();
    for (const row of tensorRows(submission)) expect(row.distortion!.bits_per_value!).toBeCloseTo(8, 0);
  });

  it("the engine's quantize at bound 0.023 keeps it and reaches about 37.5 dB", { timeout: 300_000 }, async () => {
    const { status, submission, stderr } = await submit('quantize', [
      '--engine-codec',
      'quantize',
      '--param',
      'bound=0.023',
    ]);
    expect(status, stderr).toBe(0);
    expect(submission.codec.info).toMatchObject({ error_bound: { mode: 'abs', param: 'bound' } });
    for (const row of tensorRows(submission)) {
      expect([row.failure, row.roundtrip]).toEqual([null, 'lossy']);
      expect(row.distortion!.max_abs_error).toBeLessThanOrEqual(0.023);
      expect(row.distortion!.snr_db!).toBeGreaterThan(36.5);
    }
  });

  it('the ALCM runs unbounded: its info says it declares no bound, and nothing holds it to one', {
    timeout: 300_000,
  }, async () => {
    const { status, submission } = await submit('alcm', [
      '--engine-codec',
      'alcm-h3',
      '--param',
      'weights=model/alcm-predictor.json',
    ]);
    expect(status).toBe(0);
    expect(submission.codec.info).toMatchObject({
      error_bound: null,
      error_bound_note: expect.stringContaining('no error bound'),
    });
    for (const row of tensorRows(submission)) expect(row.failure).toBeNull();
  });
});
