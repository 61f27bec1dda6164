import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../mock-engine/src/random/numpy-legacy.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { expected, sha256Hex } from './fixtures.js';

describe('numpy legacy RandomState', () => {
  it('seeds MT19937 like np.random.seed and draws the same doubles', () => {
    // np.random.seed(12345); np.random.rand(3)  /  np.random.seed(4294967295); np.random.rand(2)
    expect([...new RandomState(12345).rand(3)]).toEqual([0.9296160928171479, 0.3163755545817859, 0.18391881167709445]);
    expect([...new RandomState(2 ** 32 - 1).rand(2)]).toEqual([0.0976320289940138, 0.9123828453026218]);
  });

  it('draws legacy gauss pairs and uniform(low, high) like numpy', () => {
    // np.random.seed(0); np.random.randn(3); np.random.uniform(-2, 3, 2)
    const r = new RandomState(0);
    expect([...r.randn(3)]).toEqual([1.764052345967664, 0.4001572083672233, 0.9787379841057392]);
    expect([...r.uniform(-2, 3, 2)]).toEqual([0.11827399669452365, 1.2294705653332807]);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new RandomState(-1)).toThrow(RangeError);
    expect(() => new RandomState(2 ** 32)).toThrow(RangeError);
    expect(() => new RandomState(1.5)).toThrow(RangeError);
  });
});

describe('syntheticGradient', () => {
  it.each(expected.tensors.map((t) => [t.seed, t] as const))('seed %i matches the fixture SHA-256', (seed, t) => {
    const g = syntheticGradient(seed, t.shape);
    expect(g.dtype).toBe('float32');
    expect(g.shape).toEqual([100, 100]);
    expect(sha256Hex(g.data)).toBe(t.sha256);
  });

  it('keeps the signed zeros numpy produces for dropped negatives', () => {
    const g = syntheticGradient(43, [100, 100]);
    let negZero = 0;
    for (const v of g.data) if (Object.is(v, -0)) negZero++;
    expect(negZero).toBe(1457);
  });
});
