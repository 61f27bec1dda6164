import { beforeAll, describe, expect, it } from 'vitest';
import { compareResults, formatComparison, type Comparison } from '../../mock-engine/src/compare/index.js';
import type { Results } from '../../mock-engine/src/results.js';
import { runManifest } from '../../mock-engine/src/run/index.js';
import { writeBundle } from './bundle-fixture.js';
import { tempDir } from './helpers.js';

const OPTS = { tolerance: 0.015, gateCpu: false };
let measured: Results;
const copy = (): Results => structuredClone(measured);
/** The reference units that put a figure's normalised CAQ at `factor` times its value. */
const cpuFor = (r: Results, f: { ratio: number; cpu_ref_units: number }, factor: number): number => {
  const s = r.reference.cpu_s.median;
  return ((f.cpu_ref_units * s + 1) / factor - 1) / s;
};
const failing = (c: Comparison) =>
  c.rows.filter((r) => r.verdict === 'FAIL').map((r) => `${r.codec}|${r.file}|${r.metric}`);

beforeAll(async () => {
  const manifest = writeBundle(tempDir(), [
    { codec: 'gzip', params: { level: 6 } },
    { codec: 'alcm-h3', params: { weights: 'model/predictor.json' } },
  ]);
  measured = await runManifest(manifest, { runs: 1, warmup: 0 });
});

describe('compareResults', () => {
  it('passes results against themselves, showing CPU seconds, reference units and raw CAQ as info', () => {
    const c = compareResults(measured, copy(), OPTS);
    expect(c.pass).toBe(true);
    expect(c.failures).toBe(0);
    const cpu = c.rows.filter((r) => /cpu_s$|cpu_ref_units$|^caq$|^mean_file_caq$/.test(r.metric));
    expect(cpu.length).toBeGreaterThan(0);
    expect(cpu.every((r) => r.verdict === 'info')).toBe(true);
    expect(c.rows.filter((r) => /caq_norm$/.test(r.metric)).every((r) => r.verdict === 'ok')).toBe(true);
    expect(c.reference_s).toBe(measured.reference.cpu_s.median);
    const text = formatComparison(c).trimEnd().split('\n');
    expect(text.at(-1)).toMatch(/^PASS: all \d+ compared figures within ±1.5%/);
    expect(text.at(-2)).toMatch(/^CAQ gated as caq_norm = ratio \/ \(cpu_ref_units × [0-9.e-]+ s \+ 1\)/);
    // The table stays readable: the long reference-workload description does not widen every row.
    const table = text.slice(0, -2);
    expect(Math.max(...table.map((line) => line.length))).toBeLessThan(160);
  });

  it("gates CAQ on CPU in reference units, on the expected run's scale: a machine twice as slow passes", () => {
    const slower = copy();
    for (const c of slower.codecs) {
      for (const f of c.files) {
        for (const s of [f.encode_cpu_s, f.decode_cpu_s, f.encode_ref_cpu_s, f.decode_ref_cpu_s])
          s.samples = s.samples.map((x) => 2 * x);
        f.cpu_s *= 2;
        f.caq = f.ratio / (f.cpu_s + 1);
      }
      c.aggregate.cpu_s *= 2;
      c.aggregate.caq = c.aggregate.ratio / (c.aggregate.cpu_s + 1);
    }
    slower.reference.cpu_s.median *= 2;
    const c = compareResults(slower, measured, OPTS);
    expect(c.pass).toBe(true);
    // Its raw CAQ differs, shown for information.
    expect(c.rows.find((r) => r.codec === 'alcm-h3' && r.file === '(all files)' && r.metric === 'caq')?.verdict).toBe(
      'info',
    );
  });

  it('refuses results without a reference timing (older format) instead of guessing, and fails another reference workload', () => {
    const old = copy() as Partial<Results>;
    delete old.reference;
    expect(() => compareResults(measured, old as Results, OPTS)).toThrow(
      expect.objectContaining({ code: 'E_IO', field: '/reference' }),
    );
    expect(() => compareResults(old as Results, measured, OPTS)).toThrow(/measured results have no reference timing/);
    const other = copy();
    other.reference.workload = 'something else';
    expect(failing(compareResults(measured, other, OPTS))).toEqual(['|(bundle)|reference.workload']);
  });

  const edits: Array<[string, (r: Results) => void, string]> = [
    ['a file size', (r) => (r.codecs[0]!.files[1]!.compressed_bytes *= 1.02), 'gzip|data/grad_43.npy|compressed_bytes'],
    [
      'a file CAQ',
      (r) => (r.codecs[1]!.files[0]!.cpu_ref_units = cpuFor(r, r.codecs[1]!.files[0]!, 0.98)),
      'alcm-h3|data/grad_43.npy|caq_norm',
    ],
    [
      'the bundle size',
      (r) => (r.codecs[0]!.aggregate.compressed_bytes = Math.round(r.codecs[0]!.aggregate.compressed_bytes * 1.02)),
      'gzip|(all files)|compressed_bytes',
    ],
    [
      'the bundle CAQ',
      (r) => (r.codecs[1]!.aggregate.cpu_ref_units = cpuFor(r, r.codecs[1]!.aggregate, 0.98)),
      'alcm-h3|(all files)|caq_norm',
    ],
    [
      'an SNR',
      (r) => (r.codecs[1]!.files[0]!.distortion!.snr_db! *= 1.02),
      'alcm-h3|data/grad_43.npy|distortion.snr_db',
    ],
    [
      'a drop ratio',
      (r) => (r.codecs[1]!.files[1]!.extra!.dropped_ratio! *= 1.02),
      'alcm-h3|data/grad_44.npy|extra.dropped_ratio',
    ],
  ];
  it.each(edits)('fails when %s is off by 2%%, naming that figure alone', (_name, edit, row) => {
    const expected = copy();
    edit(expected);
    const c = compareResults(measured, expected, OPTS);
    expect(c.pass).toBe(false);
    expect(failing(c)).toEqual([row]);
    const verdict = formatComparison(c).trimEnd().split('\n').at(-1)!;
    expect(verdict).toMatch(/^FAIL: 1 of \d+ compared figures outside ±1.5%/);
    expect(verdict).toContain(row.split('|')[2]);
  });

  it('fails the normalised CAQ with the ratio it is computed from', () => {
    const expected = copy();
    expected.codecs[0]!.aggregate.ratio *= 1.02;
    expect(failing(compareResults(measured, expected, OPTS))).toEqual([
      'gzip|(all files)|ratio',
      'gzip|(all files)|caq_norm',
    ]);
  });

  it('passes a 1% difference and fails digests and verdicts exactly', () => {
    const near = copy();
    near.codecs[0]!.files[0]!.ratio *= 1.01;
    expect(compareResults(measured, near, OPTS).pass).toBe(true);
    const sha = copy();
    sha.codecs[0]!.files[0]!.compressed_sha256 = '0'.repeat(64);
    sha.codecs[1]!.files[0]!.roundtrip = 'failed';
    expect(failing(compareResults(measured, sha, OPTS))).toEqual([
      'gzip|data/text.txt|compressed_sha256',
      'alcm-h3|data/grad_43.npy|roundtrip',
    ]);
  });

  it('gates CPU seconds only when asked', () => {
    const slow = copy();
    slow.codecs[0]!.files[0]!.encode_cpu_s.median = slow.codecs[0]!.files[0]!.encode_cpu_s.median * 2 + 0.01;
    expect(compareResults(measured, slow, OPTS).pass).toBe(true);
    expect(failing(compareResults(measured, slow, { ...OPTS, gateCpu: true }))).toContain(
      'gzip|data/text.txt|encode_cpu_s',
    );
  });

  it('fails on a missing or unexpected codec or file, and on another bundle digest', () => {
    const fewer = copy();
    fewer.codecs.pop();
    fewer.codecs[0]!.files.pop();
    const c = compareResults(measured, fewer, OPTS);
    // measured has a file and a codec that expected lacks.
    // The per-file mean CAQ is recomputed from the files each side has, so it differs too.
    expect(failing(c)).toEqual([
      'gzip|data/grad_44.npy|present',
      'gzip|(all files)|mean_file_caq_norm',
      'alcm-h3|(all files)|present',
    ]);
    expect(failing(compareResults(fewer, measured, OPTS))).toContain('alcm-h3|(all files)|present');
    const other = copy();
    other.bundle.manifest_sha256 = 'f'.repeat(64);
    expect(failing(compareResults(measured, other, OPTS))).toEqual(['|(bundle)|manifest_sha256']);
  });

  it("shows figures outside the manifest's metrics list as info", () => {
    const expected = copy();
    expected.codecs[1]!.files[0]!.distortion!.snr_db! *= 1.1;
    const c = compareResults(measured, expected, {
      ...OPTS,
      metrics: ['compressed_bytes', 'ratio', 'compressed_sha256', 'caq'],
    });
    expect(c.pass).toBe(true);
    expect(c.rows.find((r) => r.metric === 'distortion.snr_db' && r.file === 'data/grad_43.npy')?.verdict).toBe('info');
  });
});
