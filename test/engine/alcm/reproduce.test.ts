import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../harness/src/cli/main.js';
import type { CliIO } from '../../../harness/src/cli/command.js';
import { reproduce, type ReproduceReport } from '../../../harness/src/reproduce/index.js';
import { histogramEntropyBits } from '../../../harness/src/reproduce/entropy.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { judge } from '../../../harness/src/reproduce/figures.js';
import { NUMPY_SIZES_H3, PUBLISHED_H3 } from '../../../harness/src/reproduce/published.js';
import { expected, relErr } from './fixtures.js';

/**
 * The engine's sizes for the 10 epochs (npz baseline, ALCM npz), as this engine's deflate writes them:
 * deterministic, so pinned; each within 1.5% of numpy's own (NUMPY_SIZES_H3).
 */
const ENGINE_SIZES_H3 = [
  [43, 30306, 25332], [44, 30118, 25302], [45, 30402, 25101], [46, 30389, 26030], [47, 30125, 25263],
  [48, 30337, 25384], [49, 30108, 25067], [50, 30257, 25647], [51, 30326, 25214], [52, 30309, 25677],
];
/** mean over the epochs of 40 000 / ALCM bytes, from the sizes above. */
const ENGINE_RATIO_H3 = 1.574891731765777;

const fast = { runs: 1, warmup: 0 };

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false, env: {}, cwd: process.cwd() };
}

describe('histogram entropy (numpy bins="auto")', () => {
  it('matches numpy for a fixture tensor', () => {
    // c, _ = np.histogram(x, bins='auto'); p = c[c > 0] / c.sum(); -(p * np.log2(p)).sum() for seed 43 → 101 bins
    expect(relErr(histogramEntropyBits(syntheticGradient(43, [100, 100]).data as Float32Array), 4.879490065011635)).toBeLessThan(1e-12);
    expect(histogramEntropyBits(new Float32Array([1, NaN]))).toBeNaN();
    expect(histogramEntropyBits(new Float32Array([2, 2, 2]))).toBe(0);
  });
});

describe('the verdict rule', () => {
  it('passes a figure within ±1.5% of the published one and fails one beyond', () => {
    const at = (factor: number) => Object.fromEntries(PUBLISHED_H3.map((p) => [p.id, p.published * factor])) as Parameters<typeof judge>[0];
    expect(judge(at(1.0149)).map((f) => f.verdict)).toEqual(PUBLISHED_H3.map(() => 'PASS'));
    expect(judge(at(0.9851)).map((f) => f.verdict)).toEqual(PUBLISHED_H3.map(() => 'PASS'));
    expect(judge(at(1.0151)).map((f) => f.verdict)).toEqual(PUBLISHED_H3.map(() => 'FAIL'));
    expect(judge(at(0.98)).map((f) => f.verdict)).toEqual(PUBLISHED_H3.map(() => 'FAIL'));
  });
});

describe('reproduce alcm-h3', () => {
  let report: ReproduceReport;
  beforeAll(() => {
    report = reproduce('alcm-h3', fast);
  });

  it('runs the 10 published epochs with the scheduler and reports every published figure', () => {
    expect(report.epochs.map((e) => e.seed)).toEqual([43, 44, 45, 46, 47, 48, 49, 50, 51, 52]);
    expect(report.figures.map((f) => [f.id, f.published])).toEqual([
      ['baseline_caq', 1.33], ['alcm_caq', 1.6], ['gain_pct', 20.14], ['ratio', 1.6], ['entropy_loss', 0.0074], ['caq_variance_pct', 4.37],
    ]);
    expect(report.epochs.every((e) => e.threshold >= 0.001 && e.threshold <= 0.1)).toBe(true);
  });

  it('pins the deterministic figures: every size, the ratio (a FAIL, −1.57%) and the entropy loss (a PASS)', () => {
    expect(report.epochs.map((e) => [e.seed, e.baseline.bytes, e.alcm.bytes])).toEqual(ENGINE_SIZES_H3);
    const figure = (id: string) => report.figures.find((f) => f.id === id)!;
    expect(figure('ratio').measured).toBe(ENGINE_RATIO_H3);
    expect(figure('ratio').verdict).toBe('FAIL');
    expect(figure('entropy_loss').verdict).toBe('PASS');
    expect(report.pass).toBe(false);
  });

  it("holds NUMPY_SIZES_H3 to the fixture it was copied from (the published reference's own sizes)", () => {
    expect(NUMPY_SIZES_H3.map((s) => [s.seed, s.npz, s.alcm])).toEqual(expected.tensors.map((t) => [t.seed, t.baseline_npz_bytes, t.alcm_npz_bytes]));
  });

  it('measures the deterministic figures from the faithful reconstructions', () => {
    const entropy = report.figures.find((f) => f.id === 'entropy_loss')!;
    // mean over seeds 43–52 of H(x) − H(x̂) with numpy, x̂ the fixture reconstructions
    expect(relErr(entropy.measured, 0.007359603893788602)).toBeLessThan(1e-9);
    expect(relErr(report.context.numpy_alcm_ratio_mean, 1.5927629222626067)).toBeLessThan(1e-12);
    expect(report.context.epochs_over_drop_cap).toBe(10);
    expect(report.context.alcm_size_vs_numpy_max).toBeLessThan(0.015);
    expect(report.predictor.final_loss).toBeCloseTo(0.0014943970687000849, 15);
  });

  it('keeps CAQ below the ratio and the gain below what the sizes alone give', () => {
    const m = Object.fromEntries(report.figures.map((f) => [f.id, f.measured]));
    expect(m.alcm_caq).toBeLessThan(m.ratio!);
    expect(m.gain_pct).toBeLessThan(report.context.size_only_gain_pct + 1);
    expect(report.lossless.map((l) => l.codec)).toEqual(expect.arrayContaining(['npz', 'deflate', 'gzip', 'brotli']));
  });
});

describe('caqbench reproduce (command)', () => {
  // The ratio does not reproduce whatever the machine's speed, so the command always exits 40.
  it('prints the table, the ratio measured from the pinned sizes, and exits 40', async () => {
    const io = captureIO();
    const status = await main(['reproduce', 'alcm-h3', '--runs', '1', '--warmup', '0'], io);
    const text = io.out.join('');
    expect(text).toMatch(/ALCM ratio\s+1\.60\s+1\.5749/);
    expect(text).toContain('SNR');
    expect(status).toBe(40);
  });

  it('prints the report as JSON with --json, and exits 40', async () => {
    const io = captureIO();
    const status = await main(['reproduce', 'alcm-h3', '--json', '--runs', '1', '--warmup', '0'], io);
    const json = JSON.parse(io.out.join('')) as ReproduceReport;
    expect(json.figures).toHaveLength(6);
    expect(json.figures.find((f) => f.id === 'ratio')?.measured).toBe(ENGINE_RATIO_H3);
    expect(status).toBe(40);
  });

  it.each([[['reproduce']], [['reproduce', 'alcm-h9']], [['reproduce', 'alcm-h3', '--runs', '0']], [['reproduce', 'alcm-h3', '--bogus']]])(
    'rejects %j with the usage status',
    async (argv) => {
      const io = captureIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.err.join('')).not.toBe('');
    },
  );
});
