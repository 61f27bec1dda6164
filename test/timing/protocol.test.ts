import { describe, expect, it } from 'vitest';
import { REFERENCE_SHA256, REFERENCE_WORKLOAD } from '../../mock-engine/src/metrics/reference.js';
import { relativeMad } from '../../mock-engine/src/metrics/stability-rule.js';
import { measureWithProtocol } from '../../harness/src/timing/protocol.js';
import { ReferenceClock, referenceTiming, withReference } from '../../harness/src/timing/reference-workload.js';

/** A fake measurement: returns the next of the given samples, recording the phase it was asked for. */
function scripted(samples: number[]) {
  const phases: string[] = [];
  let i = 0;
  return {
    phases,
    once: async (_index: number, phase: string) => {
      phases.push(phase);
      return samples[i++]!;
    },
  };
}

const opts = { warmup: 1, runs: 5, unstableThreshold: 0.05, pauseMs: 10 };

describe('timing protocol', () => {
  it('discards the warm-up and keeps every counted sample with median, min, max and MAD', async () => {
    const s = scripted([9, 1.0, 1.02, 0.98, 1.01, 0.99]);
    const r = await measureWithProtocol(opts, 'x', s.once, (v) => v);
    expect(s.phases).toEqual(['warmup', 'counted', 'counted', 'counted', 'counted', 'counted']);
    expect(r.summary).toEqual({
      samples: [1.0, 1.02, 0.98, 1.01, 0.99],
      median: 1.0,
      min: 0.98,
      max: 1.02,
      mad: 0.010000000000000009,
    });
    expect(r.stability).toMatchObject({ remeasured: false, unstable: false });
  });

  it('re-measures a spread over the threshold once after a pause, and keeps the new runs when they are stable', async () => {
    const s = scripted([1, 1.0, 1.3, 0.7, 1.2, 0.8, 1.0, 1.01, 0.99, 1.0, 1.0]);
    const started = Date.now();
    const r = await measureWithProtocol({ ...opts, pauseMs: 200 }, 'x', s.once, (v) => v);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(s.phases.filter((p) => p === 'remeasure')).toHaveLength(5);
    expect(r.summary.samples).toEqual([1.0, 1.01, 0.99, 1.0, 1.0]);
    expect(r.stability).toMatchObject({ remeasured: true, unstable: false });
  });

  it('flags runs that stay unstable after the re-measure instead of hiding them', async () => {
    const s = scripted([1, 1.0, 1.3, 0.7, 1.2, 0.8, 1.0, 1.3, 0.7, 1.2, 0.8]);
    const r = await measureWithProtocol(opts, 'x', s.once, (v) => v);
    expect(r.stability.unstable).toBe(true);
    expect(r.stability.relative_mad).toBeCloseTo(relativeMad(r.summary.samples), 12);
    expect(r.stability.relative_mad).toBeGreaterThan(0.05);
  });

  it("pairs a call with the engine's reference workload and names it by input digest and output size", async () => {
    const clock = await ReferenceClock.start();
    try {
      const paired = await withReference(clock, async () => 'done');
      expect(paired.result).toBe('done');
      expect(paired.reference_cpu_s).toBeGreaterThan(0);
    } finally {
      await clock.close();
    }
    expect(await withReference(null, async () => 1)).toEqual({ result: 1, reference_cpu_s: null });
    const block = referenceTiming([0.002, 0.001, 0.003]);
    // One workload for the project: the engine's, pure-JS fflate, the same bytes out on every machine.
    expect(block).toEqual({
      workload: REFERENCE_WORKLOAD,
      input_sha256: REFERENCE_SHA256,
      compressed_bytes: 6175,
      cpu_s: { samples: [0.002, 0.001, 0.003], median: 0.002, min: 0.001, max: 0.003, mad: 0.001 },
    });
    expect(referenceTiming([])).toBeNull();
  });
});
