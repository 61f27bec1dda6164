import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { measureCpu } from '../../mock-engine/src/metrics/cpu.js';
import { normalisedCaq, referenceUnits } from '../../mock-engine/src/metrics/reference-units.js';
import {
  REFERENCE_SHA256,
  REFERENCE_WORKLOAD,
  referenceBuffer,
  referenceCall,
} from '../../mock-engine/src/metrics/reference.js';

describe('the reference workload', () => {
  it('compresses a fixed, pinned 32 KiB buffer: changing it would change every reference unit', () => {
    const buffer = referenceBuffer();
    expect(buffer.length).toBe(32768);
    expect(createHash('sha256').update(buffer).digest('hex')).toBe(
      'b2190d196421a0369d4282763642798c3dae9199abcc2b0acf8a9671270d181c',
    );
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

  // That the units scale with a call's CPU (twice the busy loop, about twice the units) is timing on a real
  // machine: scripts/bench-gates.mjs measures it and exits non-zero when the scaling is off.
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
