import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../harness/src/schema/validator.js';
import { bdRate } from '../../leaderboard/src/bd-rate.js';
import { keepMaskBound } from '../../leaderboard/src/source-bound.js';
import type { BundleBoard, Entry } from '../../leaderboard/src/types.js';
import { updateLeaderboard } from '../../leaderboard/src/update-leaderboard.js';
import { makeBundle, makeKeys, makeReport, type Keys } from './fixtures.js';
import type { SubmissionShape } from '../validate/fixtures/synthetic.js';

let root: string;
let keys: Keys;

/** A board of lossy operating points, each its own validated, re-run report, on one gradients bundle. */
async function board(
  name: string,
  points: { codec: string; bits: number; snr: number; cpu?: number }[],
  bundleName = 'synthetic_gradients',
): Promise<{ bundle: BundleBoard; site: string }> {
  const grads = makeBundle(join(root, name), bundleName, '1.0.0', true);
  const reports = join(root, name, 'reports');
  for (const p of points) {
    const shape: SubmissionShape = {
      codec: p.codec,
      version: '1.0',
      lossless: false,
      ratio: 32 / p.bits,
      snr: p.snr,
      cpu: () => p.cpu ?? 0.01,
    };
    await makeReport(reports, `${p.codec}-${p.bits}`, grads, shape, keys.maintainer);
  }
  const site = join(root, name, 'site');
  const result = await updateLeaderboard({ reportsDir: reports, keysFile: keys.trustedFile, outDir: site });
  return { bundle: result.bundles[0]!, site };
}

const curvePoints = (entries: Entry[], codec: string) =>
  entries.filter((e) => e.codec === codec).map((e) => ({ bits_per_value: e.bits_per_value!, snr_db: e.snr_db! }));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'caq-rd-'));
  keys = await makeKeys(root);
});

describe('the lossy section ranks curves by BD-rate against zfp', () => {
  it('measures every curve against zfp, ranks the lowest BD-rate first, and leaves a one-point curve unranked', async () => {
    const { bundle, site } = await board('with-zfp', [
      ...[4, 6, 8, 10].map((bits, i) => ({ codec: 'zfp', bits, snr: 20 + 12 * i })),
      ...[4, 6, 8].map((bits, i) => ({ codec: 'quant', bits, snr: 18 + 12 * i })),
      ...[3, 5, 7].map((bits, i) => ({ codec: 'sz', bits, snr: 19 + 12.5 * i, cpu: 0.02 })),
      { codec: 'alcm-h3', bits: 6.4, snr: 36 },
    ]);
    const rd = bundle.rate_distortion!;
    expect(rd.reference).toMatchObject({ codec: 'zfp', version: '1.0' });
    expect(rd.reference.note).toMatch(/^zfp, the reference lossy baseline/);
    const byCodec = Object.fromEntries(rd.curves.map((c) => [c.codec, c]));
    expect(byCodec.zfp!.bd_rate_pct).toBe(0);
    expect(byCodec.quant!.bd_rate_pct).toBe(
      bdRate(curvePoints(bundle.lossy, 'zfp'), curvePoints(bundle.lossy, 'quant')),
    );
    expect(byCodec.sz!.bd_rate_pct).toBe(bdRate(curvePoints(bundle.lossy, 'zfp'), curvePoints(bundle.lossy, 'sz')));
    expect(byCodec.quant!.bd_rate_pct).toBeGreaterThan(0);
    expect(byCodec.sz!.bd_rate_pct).toBeLessThan(0);
    expect(rd.curves.map((c) => `${c.rank} ${c.codec}`)).toEqual(['1 sz', '2 zfp', '3 quant', 'null alcm-h3']);
    expect(byCodec.quant!.points.map((p) => p.bits_per_value)).toEqual([4, 6, 8]);
    const quantCaq = bundle.lossy
      .filter((e) => e.codec === 'quant')
      .map((e) => e.caq)
      .sort((a, b) => b - a);
    expect(byCodec.quant!.points.map((p) => p.caq)).toEqual(quantCaq);
    // The bundle is synthetic_gradients 1.0.0: its recipe gives the source, keep probability 0.7, and the curves' SNR range the span.
    const bound = rd.source_bound!;
    expect(bound.keep_probability).toBe(0.7);
    expect(bound.points[0]!.snr_db).toBeLessThanOrEqual(18);
    expect(bound.points.at(-1)!.snr_db).toBeGreaterThanOrEqual(56);
    for (const point of rd.curves.flatMap((c) => c.points))
      expect(point.bits_per_value).toBeGreaterThan(keepMaskBound(0.7, point.snr_db).lower_bits);
    const validate = schemaValidator('leaderboard');
    expect(
      validate(JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8'))),
      JSON.stringify(validate.errors),
    ).toBe(true);
    const md = readFileSync(join(site, 'leaderboard.md'), 'utf8').split('\n');
    expect(md).toContain('### Lossy codecs by BD-rate');
    expect(md.find((line) => line.startsWith('| 3 | quant |'))).toContain(
      `| +${byCodec.quant!.bd_rate_pct!.toFixed(2)}% | 3 |`,
    );
    expect(md.find((line) => line.startsWith('| 2 | zfp |'))).toContain('| reference | 4 |');
  });

  it('without zfp, names the curve with the most points as the stand-in reference', async () => {
    const { bundle } = await board('without-zfp', [
      ...[4, 6, 8].map((bits, i) => ({ codec: 'quant', bits, snr: 18 + 12 * i })),
      ...[3, 5].map((bits, i) => ({ codec: 'sz', bits, snr: 19 + 12 * i })),
    ]);
    const rd = bundle.rate_distortion!;
    expect(rd.reference.codec).toBe('quant');
    expect(rd.reference.note).toMatch(/^zfp is not on this board: the curve with the most operating points stands in/);
  });

  it('has no source bound for a bundle whose recipe does not draw from a known source', async () => {
    const { bundle } = await board(
      'other-bundle',
      [...[4, 6].map((bits, i) => ({ codec: 'quant', bits, snr: 18 + 12 * i }))],
      'tensors_elsewhere',
    );
    expect(bundle.rate_distortion!.source_bound).toBeNull();
  });

  it('has no rate–distortion view on a bundle without lossy codecs', async () => {
    const text = makeBundle(join(root, 'lossless'));
    const reports = join(root, 'lossless', 'reports');
    await makeReport(reports, 'gzip', text, {}, keys.maintainer);
    const result = await updateLeaderboard({
      reportsDir: reports,
      keysFile: keys.trustedFile,
      outDir: join(root, 'lossless', 'site'),
    });
    expect(result.bundles[0]!.rate_distortion).toBeNull();
  });
});
