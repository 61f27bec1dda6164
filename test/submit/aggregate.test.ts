import { describe, expect, it } from 'vitest';
import { claimedFigures, runAggregate } from '../../harness/src/submit/aggregate.js';
import type { SubmissionFileRun, SubmissionRun } from '../../harness/src/submit/types.js';

const timing = (cpu_s: number) => ({ cpu_s, user_s: cpu_s, sys_s: 0, wall_s: cpu_s, peak_rss_kb: 1000 });

function row(file: string, original: number, compressed: number, enc: number, dec: number, failed = false): SubmissionFileRun {
  return {
    file,
    original_bytes: original,
    compressed_bytes: compressed,
    compressed_sha256: 'a'.repeat(64),
    encode: timing(enc),
    decode: timing(dec),
    roundtrip: failed ? 'failed' : 'identical',
    distortion: null,
    failure: failed ? { reason: 'roundtrip-mismatch', stage: 'verify', exit_code: null, signal: null, log_tail: '' } : null,
  };
}

const floor = { encode: 0.01, decode: 0.005 };

describe('submission aggregates', () => {
  it('sums a run: ratio of sums, raw CPU, CAQ = ratio / (cpu + 1), and the floor-subtracted pair', () => {
    const a = runAggregate([row('a', 1000, 250, 0.1, 0.05), row('b', 3000, 750, 0.2, 0.004)], floor);
    expect(a.ratio).toBe(4);
    expect(a.cpu_s).toBeCloseTo(0.354, 12);
    expect(a.caq).toBeCloseTo(4 / 1.354, 12);
    // b's decode (0.004) is under the decode floor (0.005): clamped at 0, never negative.
    expect(a.cpu_s_floor_subtracted).toBeCloseTo(0.09 + 0.045 + 0.19 + 0, 12);
    expect(a.caq_floor_subtracted).toBeCloseTo(4 / 1.325, 12);
    expect(a.failed_files).toBe(0);
  });

  it('leaves failed rows out of the sums and counts them', () => {
    const a = runAggregate([row('a', 1000, 250, 0.1, 0.05), row('b', 3000, 10, 0.2, 0.004, true)], floor);
    expect([a.original_bytes, a.compressed_bytes, a.failed_files]).toEqual([1000, 250, 1]);
  });

  it('claims the median over runs and the (max − min) / mean CAQ variance', () => {
    const runs: SubmissionRun[] = [0.3, 0.1, 0.2].map((cpu, i) => {
      const files = [row('a', 1000, 500, cpu, 0)];
      return { run: i + 1, files, aggregate: runAggregate(files, floor) };
    });
    const caqs = [2 / 1.3, 2 / 1.1, 2 / 1.2];
    const raw = claimedFigures(runs, false, 0.05);
    expect(raw.ratio).toBe(2);
    expect(raw.cpu_s).toBeCloseTo(0.2, 12);
    expect(raw.caq).toBeCloseTo(2 / 1.2, 12);
    const mean = caqs.reduce((s, v) => s + v, 0) / 3;
    expect(raw.caq_variance).toBeCloseTo((2 / 1.1 - 2 / 1.3) / mean, 12);
    expect(raw.cpu_s_normalised).toBeCloseTo(0.2 / 0.05, 12);
    const subtracted = claimedFigures(runs, true, null);
    expect(subtracted.cpu_s).toBeCloseTo(0.19, 12);
    expect(subtracted.caq).toBeCloseTo(2 / 1.19, 12);
    expect(subtracted.cpu_s_normalised).toBeUndefined();
  });
});
