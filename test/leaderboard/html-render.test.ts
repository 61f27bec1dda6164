import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateLeaderboard } from '../../leaderboard/src/update-leaderboard.js';
import { makeBundle, makeKeys, makeReport } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

/** Debian's chromium with nothing that talks to the network or needs a display. */
function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), 'caq-chromium-'));
  return execa(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--window-size=1280,2000',
      ...args,
    ],
    { timeout: 60_000 },
  );
}

let page: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'caq-render-'));
  const keys = await makeKeys(root);
  const reports = join(root, 'reports');
  const text = makeBundle(root);
  const grads = makeBundle(root, 'synthetic_gradients', '1.0.0', true);
  const k = keys.maintainer;
  await makeReport(reports, 'gzip', text, { codec: 'gzip', version: '1.12', ratio: 3, cpu: () => 0.02 }, k, {
    baselineRatio: 2.8,
  });
  await makeReport(reports, 'zstd', text, { codec: 'zstd', version: '1.5.4', ratio: 3.4, cpu: () => 0.01 }, k, {
    baselineRatio: 2.8,
  });
  await makeReport(reports, 'xz', text, { codec: 'xz', version: '5.4.1', ratio: 4.2, cpu: () => 0.3 }, k, {
    baselineRatio: 2.8,
  });
  await makeReport(reports, 'unsigned', text, { codec: 'bzip2', version: '1.0.8', ratio: 3.8 }, null);
  await makeReport(
    reports,
    'alcm',
    grads,
    { codec: 'alcm-h3', version: '0.1.0', lossless: false, adaptive: true, ratio: 5, snr: 36, cpu: () => 0.2 },
    k,
  );
  await makeReport(reports, 'grads-gzip', grads, { codec: 'gzip', version: '1.12', ratio: 1.1, cpu: () => 0.01 }, k);
  await makeReport(
    reports,
    'quant8',
    grads,
    { codec: 'quant8', version: '1.0', lossless: false, ratio: 4, snr: 38, cpu: () => 0.01 },
    k,
  );
  // Operating points of two lossy codecs: zfp at 4, 6, 8 and 10 bits per value, a quantiser 2 dB under it at 4, 6 and 8.
  for (const [i, bits] of [4, 6, 8, 10].entries()) {
    await makeReport(
      reports,
      `zfp-${bits}`,
      grads,
      { codec: 'zfp', version: '1.0.1', lossless: false, ratio: 32 / bits, snr: 20 + 12 * i, cpu: () => 0.01 },
      k,
    );
    if (bits < 10)
      await makeReport(
        reports,
        `quant-${bits}`,
        grads,
        { codec: 'quant', version: '1.0', lossless: false, ratio: 32 / bits, snr: 18 + 12 * i, cpu: () => 0.012 },
        k,
      );
  }
  const out = join(root, 'site');
  await updateLeaderboard({ reportsDir: reports, keysFile: keys.trustedFile, outDir: out });
  page = pathToFileURL(join(out, 'index.html')).href;
});

describe('index.html in headless Chromium', () => {
  it('renders the ranking tables and the inline SVG charts, and leaves a screenshot in test-artifacts/', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'leaderboard.png');
    const { stdout } = await chromium(['--dump-dom', `--screenshot=${shot}`, page]);
    expect(stdout.match(/<table class="ranking lossless">/g)).toHaveLength(2);
    expect(stdout.match(/<table class="ranking lossy">/g)).toHaveLength(1);
    expect(stdout).toContain('<table class="rejected">');
    expect(stdout.match(/<svg [^>]*class="chart"/g)).toHaveLength(4);
    expect(stdout).toContain('synthetic_gradients: rate–distortion (lossy codecs)');
    expect(
      stdout.match(/<g class="rd-curve reference" data-codec="zfp 1\.0\.1">\s*<polyline [^>]*stroke-dasharray/g),
    ).toHaveLength(1);
    expect(stdout.match(/<g class="rd-curve" data-codec="quant 1\.0">\s*<polyline /g)).toHaveLength(1);
    expect(stdout.match(/<g class="rd-curve[^"]*" data-codec="[^"]+">/g)).toHaveLength(4);
    expect(stdout).toMatch(
      /<table class="ranking bd-rate"><thead><tr><th>#<\/th><th>Codec<\/th><th>Version<\/th><th>BD-rate vs zfp 1\.0\.1<\/th>/,
    );
    expect(stdout).toMatch(/<td>quant<\/td><td>1\.0<\/td><td class="right">\+\d+\.\d\d%<\/td>/);
    expect(stdout).toMatch(/<g class="source-bound"><polygon [^>]*points="[\d., ]+"/);
    expect(stdout.match(/class="pareto-front"/g)?.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(shot).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
