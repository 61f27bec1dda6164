import { describe, expect, it } from 'vitest';
import { CaqScheduler, PUBLISHED_SCHEDULER } from '../../../mock-engine/src/alcm/scheduler.js';

describe('CAQ scheduler', () => {
  it('uses the published settings', () => {
    expect(PUBLISHED_SCHEDULER).toEqual({ window: 5, decay: 0.95, minThreshold: 0.001, maxThreshold: 0.1 });
  });

  it('waits for a full window, then follows the trend last − first', () => {
    const s = new CaqScheduler(0.01);
    for (const caq of [1.5, 1.4, 1.3, 1.2]) expect(s.update(caq).trend).toBeNull();
    expect(s.threshold).toBe(0.01);
    const rising = s.update(1.6); // window [1.5 … 1.6]: trend +0.1
    expect(rising.trend).toBeCloseTo(0.1, 12);
    expect(s.threshold).toBe(0.01 / 0.95);
    const falling = s.update(1.0); // window [1.4 … 1.0]: trend −0.4
    expect(falling.trend).toBeCloseTo(-0.4, 12);
    expect(s.threshold).toBe((0.01 / 0.95) * 0.95);
  });

  it('keeps the threshold on a flat or NaN trend', () => {
    const s = new CaqScheduler(0.02, { ...PUBLISHED_SCHEDULER, window: 2 });
    s.update(1);
    expect(s.update(1).thresholdAfter).toBe(0.02);
    expect(s.update(NaN).thresholdAfter).toBe(0.02);
  });

  it('clips to [0.001, 0.1], including the initial threshold', () => {
    expect(new CaqScheduler(0.5).threshold).toBe(0.1);
    const s = new CaqScheduler(0.00101, { ...PUBLISHED_SCHEDULER, window: 2 });
    s.update(2);
    s.update(1);
    expect(s.threshold).toBe(0.001);
    const up = new CaqScheduler(0.099, { ...PUBLISHED_SCHEDULER, window: 2 });
    up.update(1);
    up.update(2);
    expect(up.threshold).toBe(0.1);
  });
});
