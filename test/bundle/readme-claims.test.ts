import { describe, expect, it } from 'vitest';
import type { CodecResult, FileResult, Results } from '../../mock-engine/src/results.js';
import { claimsSection } from '../../harness/src/bundle/readme-claims.js';

function file(
  path: string,
  original: number,
  compressed: number,
  caq: number,
  snr: number | null,
  extra?: Record<string, number>,
): FileResult {
  const distortion =
    snr === null
      ? null
      : {
          snr_db: snr,
          max_abs_error: snr / 1000,
          relative_l2_error: 0,
          psnr_db: 0,
          psnr_peak: 1,
          bits_per_value: 0,
          nonfinite_preserved: true,
        };
  return {
    file: path,
    original_bytes: original,
    compressed_bytes: compressed,
    ratio: original / compressed,
    caq,
    distortion,
    extra,
  } as FileResult;
}

function codec(name: string, lossless: boolean, files: FileResult[], meanSnr?: number): CodecResult {
  const original = files.reduce((n, f) => n + f.original_bytes, 0);
  const compressed = files.reduce((n, f) => n + f.compressed_bytes, 0);
  return {
    codec: name,
    lossless,
    files,
    aggregate: { ratio: original / compressed, mean_snr_db: meanSnr },
  } as CodecResult;
}

const reference = {
  codecs: [
    codec('deflate', true, [file('data/a/w.npy', 100, 80, 1.2, null), file('data/b/w.npy', 300, 200, 1.4, null)]),
    codec(
      'lossy',
      false,
      [
        file('data/a/w.npy', 100, 50, 1.8, 30, { drop_cap_exceeded: 1 }),
        file('data/b/w.npy', 300, 400, 0.7, 10, { drop_cap_exceeded: 0 }),
      ],
      20,
    ),
  ],
} as unknown as Results;
const claims = { title: 'Claims', quotes: [{ quote: 'ready', where: 'the paper' }], question: 'What holds?' };

describe('claimsSection', () => {
  it('is empty for a recipe without claims', () => {
    expect(claimsSection(undefined, reference)).toBe('');
  });

  it('quotes the claims and computes every figure from the reference run, per checkpoint folder', () => {
    const text = claimsSection(claims, reference);
    expect(text).toContain('## Claims');
    expect(text).toContain('- “ready” (the paper)');
    expect(text).toContain(
      '| codec | kind | ratio | ratio `data/a/` | ratio `data/b/` | mean SNR dB | worst SNR dB | max abs error | ratio spread | CAQ spread |',
    );
    // deflate: 400/280; per folder 1.25 and 1.5; ratio spread (1.5 − 1.25) / 1.375; CAQ spread 0.2 / 1.3.
    expect(text).toContain('| deflate | lossless | 1.4286 | 1.2500 | 1.5000 | — | — | 0 | 18.2% | 15.4% |');
    // lossy: 400/450; SNR mean 20, worst 10, max error 0.03; ratios 2 and 0.75: spread 1.25 / 1.375; CAQs 1.8 and 0.7: 1.1 / 1.25.
    expect(text).toContain('| lossy | lossy | 0.8889 | 2.0000 | 0.7500 | 20.00 | 10.00 | 0.0300 | 90.9% | 88.0% |');
    expect(text).toContain(
      "ratio 0.8889 over all 2 files, 0.62× the best lossless codec's (deflate, 1.4286), at a mean SNR of 20.00 dB.",
    );
    expect(text).toContain('Its drop ratio exceeded its own cap on 1 of 2 files.');
    expect(text).toContain(
      'Worst files by SNR: `data/b/w.npy` (300 B, ratio 0.750, 10.00 dB); `data/a/w.npy` (100 B, ratio 2.000, 30.00 dB).',
    );
    expect(text).toContain('It enlarges 1 of 2 files (ratio < 1), all of 300 bytes or fewer.');
  });
});
