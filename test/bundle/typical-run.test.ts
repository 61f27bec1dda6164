import { describe, expect, it } from 'vitest';
import type { Results } from '../../mock-engine/src/results.js';
import { mostTypicalRun } from '../../harness/src/bundle/typical-run.js';
import { CaqError } from '../../harness/src/errors.js';

const REFERENCE_S = 0.001;

/**
 * A results file reduced to what the choice reads: per-codec aggregate ratio and
 * CPU in reference units, chosen so the gated (normalised) CAQ is `caqs[i]`; the
 * raw CAQ (`raw`) is what a choice by raw CAQ would wrongly go by.
 */
function run(caqs: number[], compressed = 100, raw: number[] = caqs): Results {
  return {
    bundle: { name: 'b', version: '1.0.0', manifest_sha256: 'x' },
    environment: { node: 'v20', os: 'Linux', arch: 'x64', cpu_model: 'cpu', cores: 2 },
    reference: { cpu_s: { median: REFERENCE_S } },
    codecs: caqs.map((caq, i) => ({
      codec: `c${i}`,
      aggregate: {
        compressed_bytes: compressed,
        ratio: 2,
        caq: raw[i],
        cpu_s: 0,
        cpu_ref_units: (2 / caq - 1) / REFERENCE_S,
      },
    })),
  } as unknown as Results;
}

describe('mostTypicalRun', () => {
  it('keeps the run whose gated (normalised) codec CAQs are closest to the per-codec medians', () => {
    const fast = run([2.0, 1.5], 100, [1.9, 1.4]);
    const typical = run([1.95, 1.48], 100, [2.0, 1.5]);
    const slow = run([1.9, 1.4], 100, [1.95, 1.48]);
    expect(mostTypicalRun([fast, slow, typical], 'out.json')).toBe(typical);
  });

  it('refuses runs that disagree on a deterministic figure', () => {
    const error = (() => {
      try {
        mostTypicalRun([run([2, 1]), run([2, 1], 101)], 'out.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CaqError);
    expect((error as CaqError).code).toBe('BUILD_RUN_FAILED');
    expect((error as CaqError).message).toContain('/codecs/0/aggregate/compressed_bytes: 100 ≠ 101');
  });
});
