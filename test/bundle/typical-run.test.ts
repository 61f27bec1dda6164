import { describe, expect, it } from 'vitest';
import type { Results } from '../../mock-engine/src/results.js';
import { mostTypicalRun } from '../../harness/src/bundle/typical-run.js';
import { CaqError } from '../../harness/src/errors.js';

/** A results file reduced to what the choice reads: per-codec aggregate CAQ (and CPU, which may differ). */
function run(caqs: number[], compressed = 100): Results {
  return {
    bundle: { name: 'b', version: '1.0.0', manifest_sha256: 'x' },
    environment: { node: 'v20', os: 'Linux', arch: 'x64', cpu_model: 'cpu', cores: 2 },
    codecs: caqs.map((caq, i) => ({ codec: `c${i}`, aggregate: { compressed_bytes: compressed, ratio: 2, caq, cpu_s: 2 / caq - 1 } })),
  } as unknown as Results;
}

describe('mostTypicalRun', () => {
  it('keeps the run whose codec CAQs are closest to the per-codec medians', () => {
    const fast = run([2.0, 1.5]);
    const typical = run([1.95, 1.48]);
    const slow = run([1.9, 1.4]);
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
