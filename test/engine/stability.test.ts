import { describe, expect, it } from 'vitest';
import { compareResults, formatComparison } from '../../mock-engine/src/compare/index.js';
import { judgeStability, measureStably, runCosts } from '../../mock-engine/src/metrics/stability.js';
import { summarize } from '../../mock-engine/src/metrics/summary.js';
import type { FileResult, Results } from '../../mock-engine/src/results.js';
import { aggregate } from '../../mock-engine/src/run/aggregate.js';

/** A measured file whose k-th encode takes `encode[k]` ms of CPU and whose decodes take 1 ms. */
function file(name: string, encode: number[]): FileResult {
  const ref = summarize(encode.map(() => 0.001));
  const decode = summarize(encode.map(() => 0.001));
  return {
    file: name,
    original_bytes: 100,
    compressed_bytes: 50,
    ratio: 2,
    compressed_sha256: 'a'.repeat(64),
    encode_cpu_s: summarize(encode.map((u) => u * 0.001)),
    decode_cpu_s: decode,
    encode_ref_cpu_s: ref,
    decode_ref_cpu_s: ref,
    cpu_s: 0.002,
    cpu_ref_units: 2,
    caq: 2 / 1.002,
    roundtrip: 'identical',
    distortion: null,
  };
}

const steady = [file('a', [2, 2, 2, 2, 2]), file('b', [3, 3, 3, 3, 3])];
const erratic = [file('a', [1, 2, 3, 4, 5]), file('b', [3, 3, 3, 3, 3])];

describe('a codec whose runs spread is re-measured, then flagged', () => {
  it('costs run k as the sum over files of its encode and decode CPU seconds', () => {
    expect(runCosts(erratic).map((s) => Math.round(s * 1e6))).toEqual([6000, 7000, 8000, 9000, 10000]);
    // Costs 6..10 ms: median 8, deviations 2, 1, 0, 1, 2, MAD 1.
    const judged = judgeStability(erratic, 0.05, false);
    expect(judged).toMatchObject({ metric: 'run_cpu_s', threshold: 0.05, remeasured: false, unstable: true });
    expect(judged.relative_mad).toBeCloseTo(1 / 8, 12);
    expect(judgeStability(steady, 0.05, false).relative_mad).toBe(0);
  });

  it('keeps a steady first measurement without pausing', () => {
    let calls = 0;
    const out = measureStably(
      () => {
        calls++;
        return steady;
      },
      0.05,
      0,
    );
    expect(calls).toBe(1);
    expect(out.stability).toMatchObject({ remeasured: false, unstable: false });
  });

  it('re-measures once, keeps the second measurement, and flags it only if it still spreads', () => {
    let calls = 0;
    const settled = measureStably(() => (calls++ === 0 ? erratic : steady), 0.05, 0);
    expect(calls).toBe(2);
    expect(settled.files).toBe(steady);
    expect(settled.stability).toMatchObject({ remeasured: true, unstable: false });
    const still = measureStably(() => erratic, 0.05, 0);
    expect(still.stability).toMatchObject({ remeasured: true, unstable: true });
    expect(still.stability.relative_mad).toBeCloseTo(1 / 8, 12);
  });

  it('names flagged codecs under the comparison table, as information', () => {
    const reference = { workload: 'w', input_sha256: 'a'.repeat(64), cpu_s: summarize([0.001]) };
    const results = {
      schema: 'caqbench/results@1',
      bundle: { name: 'b', version: '1', manifest_sha256: 'b'.repeat(64) },
      engine: { name: 'e', version: '1' },
      environment: { node: 'v20', os: 'linux', arch: 'x64', cpu_model: 'cpu', cores: 2 },
      protocol: { runs: 5, warmup: 1, cpu_clock: 'c', unstable_threshold: 0.05 },
      reference,
      codecs: [
        {
          codec: 'store',
          codec_version: '1',
          params: {},
          lossless: true,
          adaptive: false,
          files: erratic,
          aggregate: aggregate(erratic),
          stability: judgeStability(erratic, 0.05, true),
        },
      ],
    } as unknown as Results;
    const comparison = compareResults(results, structuredClone(results), { tolerance: 0.015, gateCpu: false });
    expect(comparison.unstable).toEqual(['store']);
    expect(comparison.pass).toBe(true);
    const lines = formatComparison(comparison).trimEnd().split('\n');
    expect(lines.at(-2)).toBe(
      'Unstable timing: 1 codec(s) whose runs still spread beyond the threshold after a re-measure (flagged, figures kept): store',
    );
    expect(lines.at(-1)).toMatch(/^PASS: /);
  });
});
