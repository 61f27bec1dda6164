import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { measureCpu } from '../../mock-engine/src/metrics/cpu.js';
import { normalisedCaq, referenceUnits } from '../../mock-engine/src/metrics/reference-units.js';
import { REFERENCE_SHA256, REFERENCE_WORKLOAD, referenceBuffer, referenceCall } from '../../mock-engine/src/metrics/reference.js';

describe('the reference workload', () => {
  it('compresses a fixed, pinned 32 KiB buffer: changing it would change every reference unit', () => {
    const buffer = referenceBuffer();
    expect(buffer.length).toBe(32768);
    expect(createHash('sha256').update(buffer).digest('hex')).toBe('b2190d196421a0369d4282763642798c3dae9199abcc2b0acf8a9671270d181c');
    expect(REFERENCE_SHA256).toBe('b2190d196421a0369d4282763642798c3dae9199abcc2b0acf8a9671270d181c');
    expect(REFERENCE_WORKLOAD).toContain(REFERENCE_SHA256);
    expect(REFERENCE_WORKLOAD).toMatch(/deflateSync level 6/);
    // Deflate level 6 does real matching work on it: neither stored nor trivially run-length coded.
    expect(referenceCall()).toBe(6175);
  });
});

describe('paired reference timing', () => {
  it('pairs every counted call with a positive reference timing', () => {
    const m = measureCpu(() => 1, { runs: 5, warmup: 0 });
    expect(m.references).toHaveLength(5);
    expect(m.references.every((r) => r > 0)).toBe(true);
  });

  // Retried: a CI run saw 7.5 once, when a parallel test file inflated the short run's reference
  // timings. The property (twice the CPU, about twice the units) must hold on some quiet attempt;
  // a units figure that ignored the call's CPU would give about 1 on every attempt.
  it('expresses a busy loop as a multiple of the reference, and that multiple holds however long the loop', { retry: 3 }, () => {
    const spin = (us: number) => () => {
      const end = process.cpuUsage().user + us;
      while (process.cpuUsage().user < end);
    };
    const short = measureCpu(spin(4_000), { runs: 5, warmup: 0 });
    const long = measureCpu(spin(8_000), { runs: 5, warmup: 0 });
    const units = referenceUnits(short.samples, short.references);
    expect(units).toBeGreaterThan(0.5);
    // Twice the CPU is about twice the units. The bounds are wide because the smallest ratio of a
    // short run can come from a reference timing that a busy machine inflated (seen: 3.57 under a
    // full test suite).
    expect(referenceUnits(long.samples, long.references) / units).toBeGreaterThan(1.3);
    expect(referenceUnits(long.samples, long.references) / units).toBeLessThan(5);
  });

  it('takes the smallest per-pair ratio: a slowed machine moves call and reference alike, a GC only adds to one call', () => {
    // Pair 2 ran while the machine was 2× slower: codec and reference both doubled.
    expect(referenceUnits([0.004, 0.008, 0.004], [0.001, 0.002, 0.001])).toBe(4);
    // Pair 1's call also paid for a 10 ms GC: raw seconds jump, units do not.
    expect(referenceUnits([0.014, 0.008, 0.004], [0.001, 0.002, 0.001])).toBe(4);
    expect(referenceUnits([], [])).toBe(0);
    expect(() => referenceUnits([0.001], [])).toThrow(RangeError);
  });

  it('puts reference units back into seconds of a given machine for CAQ', () => {
    expect(normalisedCaq(3, 50, 0.002)).toBe(3 / (50 * 0.002 + 1));
    expect(normalisedCaq(3, 0, 0.002)).toBe(3);
  });
});
