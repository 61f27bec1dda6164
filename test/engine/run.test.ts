import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Codec } from '../../mock-engine/src/codec.js';
import { CODECS } from '../../mock-engine/src/codecs/index.js';
import { storeCodec } from '../../mock-engine/src/codecs/store.js';
import { referenceUnits } from '../../mock-engine/src/metrics/reference-units.js';
import { REFERENCE_WORKLOAD } from '../../mock-engine/src/metrics/reference.js';
import type { Results } from '../../mock-engine/src/results.js';
import { failedRoundTrips, runManifest } from '../../mock-engine/src/run/index.js';
import { writeBundle } from './bundle-fixture.js';
import { FIXTURES, tempDir } from './helpers.js';

const schema = JSON.parse(readFileSync(join(FIXTURES, '../../schemas/results.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe('runManifest', () => {
  let manifest: string;
  let results: Results;
  beforeAll(async () => {
    manifest = writeBundle(tempDir(), [
      { codec: 'store', params: {} },
      { codec: 'gzip', params: { level: 6 } },
      { codec: 'npz', params: {} },
      { codec: 'alcm-h3', params: { weights: 'model/predictor.json' } },
    ]);
    results = await runManifest(manifest, {});
  });

  it('writes results that pass schemas/results.schema.json', () => {
    expect(validate(JSON.parse(JSON.stringify(results))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('runs manifest codecs × data files in manifest order, tensor codecs on .npy files only, never training files', () => {
    expect(results.codecs.map((c) => c.codec)).toEqual(['store', 'gzip', 'npz', 'alcm-h3']);
    expect(results.codecs[1]!.files.map((f) => f.file)).toEqual([
      'data/text.txt',
      'data/grad_43.npy',
      'data/blob.bin',
      'data/grad_44.npy',
    ]);
    expect(results.codecs[2]!.files.map((f) => f.file)).toEqual(['data/grad_43.npy', 'data/grad_44.npy']);
    expect(results.protocol).toMatchObject({ runs: 2, warmup: 0 });
    expect(results.codecs[0]!.files[0]!.encode_cpu_s.samples).toHaveLength(2);
  });

  it('binds the results to the manifest bytes and records the parameters as written', () => {
    expect(results.bundle).toEqual({
      name: 'engine_fixture',
      version: '1.0.0',
      manifest_sha256: createHash('sha256').update(readFileSync(manifest)).digest('hex'),
    });
    expect(results.codecs[3]!.params).toMatchObject({ weights: 'model/predictor.json', threshold: 0.01 });
    expect(results.environment.cores).toBeGreaterThan(0);
  });

  it('derives ratio, CPU and CAQ per file and per codec as documented', () => {
    for (const c of results.codecs) {
      for (const f of c.files) {
        expect(f.ratio).toBe(f.original_bytes / f.compressed_bytes);
        expect(f.cpu_s).toBe(f.encode_cpu_s.median + f.decode_cpu_s.median);
        expect(f.caq).toBe(f.ratio / (f.cpu_s + 1));
        expect(f.encode_ref_cpu_s.samples).toHaveLength(f.encode_cpu_s.samples.length);
        expect(f.cpu_ref_units).toBe(
          referenceUnits(f.encode_cpu_s.samples, f.encode_ref_cpu_s.samples) +
            referenceUnits(f.decode_cpu_s.samples, f.decode_ref_cpu_s.samples),
        );
      }
      expect(c.aggregate.cpu_ref_units).toBe(c.files.reduce((n, f) => n + f.cpu_ref_units, 0));
      const a = c.aggregate;
      expect(a.ratio).toBe(
        c.files.reduce((n, f) => n + f.original_bytes, 0) / c.files.reduce((n, f) => n + f.compressed_bytes, 0),
      );
      expect(a.caq).toBe(a.ratio / (a.cpu_s + 1));
      expect(a.mean_file_ratio).toBeCloseTo(c.files.reduce((n, f) => n + f.ratio, 0) / c.files.length, 12);
    }
  });

  it('records every paired reference sample of the run, in results order, and what the workload was', () => {
    expect(results.reference.workload).toBe(REFERENCE_WORKLOAD);
    const all = results.codecs.flatMap((c) =>
      c.files.flatMap((f) => [...f.encode_ref_cpu_s.samples, ...f.decode_ref_cpu_s.samples]),
    );
    expect(results.reference.cpu_s.samples).toEqual(all);
    expect(results.reference.cpu_s.median).toBeGreaterThan(0);
  });

  it('records lossless round trips as identical and lossy ones with distortion and extras', () => {
    expect(
      results.codecs
        .slice(0, 3)
        .every((c) => c.files.every((f) => f.roundtrip === 'identical' && f.distortion === null)),
    ).toBe(true);
    const alcm = results.codecs[3]!;
    expect(alcm.files.every((f) => f.roundtrip === 'lossy' && f.distortion !== null)).toBe(true);
    expect(alcm.aggregate.mean_snr_db).toBeGreaterThan(20);
    expect(alcm.files[0]!.extra?.dropped_ratio).toBe(0.30889999999999995);
    expect(failedRoundTrips(results)).toEqual([]);
  });

  it('gives the same deterministic figures on a second run', async () => {
    const again = await runManifest(manifest, { runs: 1, warmup: 0, codecs: ['gzip'] });
    expect(again.codecs[0]!.files.map((f) => f.compressed_sha256)).toEqual(
      results.codecs[1]!.files.map((f) => f.compressed_sha256),
    );
  });
});

describe('runManifest failures', () => {
  const broken: Codec = {
    ...storeCodec,
    id: 'broken-store',
    decode: (body, params, like) => {
      const out = storeCodec.decode(body, params, like);
      if (out.kind === 'bytes' && out.bytes.length > 0) out.bytes[0] = out.bytes[0]! ^ 1;
      return out;
    },
  };
  afterEach(() => {
    const at = CODECS.indexOf(broken);
    if (at >= 0) CODECS.splice(at, 1);
  });

  it('records a lossless codec that does not reproduce its input as failed', async () => {
    CODECS.push(broken);
    const manifest = writeBundle(tempDir(), [{ codec: 'broken-store', params: {} }]);
    const results = await runManifest(manifest, { runs: 1, warmup: 0 });
    expect(results.codecs[0]!.files.every((f) => f.roundtrip === 'failed')).toBe(true);
    expect(failedRoundTrips(results)).toHaveLength(4);
  });

  it('rejects unknown codecs, bad parameters and data that does not match the manifest', async () => {
    await expect(runManifest(writeBundle(tempDir(), [{ codec: 'zstd', params: {} }]), {})).rejects.toMatchObject({
      code: 'E_UNKNOWN_CODEC',
    });
    await expect(
      runManifest(writeBundle(tempDir(), [{ codec: 'gzip', params: { level: 11 } }]), {}),
    ).rejects.toMatchObject({ code: 'E_BAD_PARAM', field: 'level' });
    const dir = tempDir();
    const manifest = writeBundle(dir);
    writeFileSync(join(dir, 'data/text.txt'), 'tampered');
    await expect(runManifest(manifest, {})).rejects.toMatchObject({ code: 'E_MANIFEST', file: 'data/text.txt' });
    writeFileSync(manifest, '{"name": ');
    await expect(runManifest(manifest, {})).rejects.toMatchObject({ code: 'E_MANIFEST' });
    await expect(runManifest(join(dir, 'nope.json'), {})).rejects.toMatchObject({ code: 'E_IO' });
  });
});
