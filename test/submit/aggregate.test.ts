import { describe, expect, it } from 'vitest';
import { caq, spread } from '../../mock-engine/src/metrics/caq.js';
import { claimedFigures, referenceScale, runAggregate, submissionFigures } from '../../harness/src/submit/aggregate.js';
import type { SubmissionFileRun, SubmissionRun } from '../../harness/src/submit/types.js';

const timing = (cpu_s: number) => ({ cpu_s, user_s: cpu_s, sys_s: 0, wall_s: cpu_s, peak_rss_kb: 1000 });

function row(
  file: string,
  original: number,
  compressed: number,
  enc: number,
  dec: number,
  failed = false,
  ref?: [number, number],
): SubmissionFileRun {
  return {
    file,
    original_bytes: original,
    compressed_bytes: compressed,
    compressed_sha256: 'a'.repeat(64),
    encode: timing(enc),
    decode: timing(dec),
    roundtrip: failed ? 'failed' : 'identical',
    distortion: null,
    failure: failed
      ? { reason: 'roundtrip-mismatch', stage: 'verify', exit_code: null, signal: null, log_tail: '' }
      : null,
    ...(ref === undefined ? {} : { encode_ref_cpu_s: ref[0], decode_ref_cpu_s: ref[1] }),
  };
}

const floor = { encode: 0.01, decode: 0.005 };
const runsOf = (files: SubmissionFileRun[][]): SubmissionRun[] =>
  files.map((f, i) => ({ run: i + 1, files: f, aggregate: runAggregate(f, floor) }));

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
    expect(a.cpu_ref_units).toBeUndefined();
  });

  it('leaves failed rows out of the sums and counts them', () => {
    const a = runAggregate([row('a', 1000, 250, 0.1, 0.05), row('b', 3000, 10, 0.2, 0.004, true)], floor);
    expect([a.original_bytes, a.compressed_bytes, a.failed_files]).toEqual([1000, 250, 1]);
  });

  it('expresses a run in reference units: each call over the reference paired with it, summed', () => {
    const a = runAggregate(
      [row('a', 1000, 250, 0.1, 0.05, false, [0.002, 0.001]), row('b', 3000, 750, 0.2, 0.004, false, [0.004, 0.002])],
      floor,
    );
    expect(a.cpu_ref_units).toBeCloseTo(0.1 / 0.002 + 0.05 / 0.001 + 0.2 / 0.004 + 0.004 / 0.002, 9);
    expect(a.cpu_ref_units_floor_subtracted).toBeCloseTo(0.09 / 0.002 + 0.045 / 0.001 + 0.19 / 0.004 + 0, 9);
    // One unpaired call and the run has no figure in units at all, rather than a partial one.
    expect(
      runAggregate([row('a', 1000, 250, 0.1, 0.05, false, [0.002, 0.001]), row('b', 3000, 750, 0.2, 0.004)], floor)
        .cpu_ref_units,
    ).toBeUndefined();
  });

  it('claims the median over runs and the (max − min) / mean CAQ variance', () => {
    const runs = runsOf([0.3, 0.1, 0.2].map((cpu) => [row('a', 1000, 500, cpu, 0)]));
    const raw = claimedFigures(runs, floor, false);
    expect(raw.ratio).toBe(2);
    expect(raw.cpu_s).toBeCloseTo(0.2, 12);
    expect(raw.caq).toBeCloseTo(2 / 1.2, 12);
    const caqs = [2 / 1.3, 2 / 1.1, 2 / 1.2];
    expect(raw.caq_variance).toBeCloseTo((2 / 1.1 - 2 / 1.3) / (caqs.reduce((s, v) => s + v, 0) / 3), 12);
    expect(raw.normalised).toBeUndefined();
    const subtracted = claimedFigures(runs, floor, true);
    expect(subtracted.cpu_s).toBeCloseTo(0.19, 12);
    expect(subtracted.caq).toBeCloseTo(2 / 1.19, 12);
  });

  it('normalises CAQ at the median paired reference: caq_norm = ratio / (cpu_ref_units × S + 1)', () => {
    const runs = runsOf([
      [row('a', 1000, 500, 0.2, 0.1, false, [0.001, 0.001])],
      [row('a', 1000, 500, 0.3, 0.1, false, [0.002, 0.002])],
      [row('a', 1000, 500, 0.2, 0.2, false, [0.001, 0.003])],
    ]);
    expect(referenceScale(runs)).toBe(0.0015);
    const units = [300, 200, 200 + 200 / 3];
    const norm = units.map((u) => caq(2, u * 0.0015));
    expect(claimedFigures(runs, floor, false).normalised).toEqual({
      reference_s: 0.0015,
      cpu_ref_units: 200 + 200 / 3,
      caq: norm[2],
      caq_variance: spread(norm),
    });
  });

  it('judges the variance over the files counted in every run, raw and normalised alike', () => {
    const ok = (cpu: number) => row('a', 1000, 500, cpu, 0, false, [0.001, 0.001]);
    const runs = runsOf([
      [ok(0.1), row('b', 1000, 100, 5, 0, true, [0.001, 0.001])],
      [ok(0.1), row('b', 1000, 100, 0.1, 0, false, [0.001, 0.001])],
      [ok(0.1), row('b', 1000, 100, 0.1, 0, false, [0.001, 0.001])],
    ]);
    const figures = submissionFigures(runs, { floor, floorSubtracted: false, scale: 0.001 });
    // b fails in run 1, so only a is compared: identical runs, no spread, whatever b cost elsewhere.
    expect(figures.caq_variance).toBe(0);
    expect(figures.normalised?.caq_variance).toBe(0);
    // The medians are still over every counted row of each run.
    expect(figures.ratio).toBeCloseTo(2000 / 600, 12);
  });
});

describe('the shared CAQ formula and spread', () => {
  it('is ratio / (cpu + 1), and spread is (max − min) / mean', () => {
    expect(caq(3, 0.5)).toBe(2);
    expect(spread([1, 2, 3])).toBe(1);
    expect(spread([0, 0])).toBe(0);
    expect(spread([])).toBeNaN();
  });
});
