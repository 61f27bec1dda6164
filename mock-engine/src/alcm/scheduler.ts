/**
 * The CAQ scheduler of the published experiment: after each epoch it sees that
 * epoch's CAQ and moves the pruning threshold.
 *
 * Our reading of the published rule (window 5, decay 0.95, threshold clipped to
 * [0.001, 0.1], trend = last − first in the window), since no code or trace of
 * it survives in the fixtures:
 * - keep the last `window` CAQ values; until the window is full, do nothing
 *   (a trend over a window needs the window);
 * - trend = newest − oldest value in the window;
 * - trend > 0 (CAQ improving): prune harder, threshold ← threshold / decay;
 *   trend < 0: back off, threshold ← threshold · decay; trend = 0 or NaN: keep;
 * - clip to [minThreshold, maxThreshold] after every move.
 * In H.3 the choice is unobservable: the threshold is a percentile of |q| and
 * any percentile below ~30% of the published gradients is 0, so every
 * threshold in [0.001, 0.1] gives the same mask.
 */
export interface SchedulerOptions {
  window: number;
  decay: number;
  minThreshold: number;
  maxThreshold: number;
}

export const PUBLISHED_SCHEDULER: SchedulerOptions = { window: 5, decay: 0.95, minThreshold: 0.001, maxThreshold: 0.1 };

export interface SchedulerStep {
  caq: number;
  trend: number | null;
  thresholdBefore: number;
  thresholdAfter: number;
}

export class CaqScheduler {
  private readonly history: number[] = [];
  private current: number;

  constructor(
    initialThreshold: number,
    private readonly opts: SchedulerOptions = PUBLISHED_SCHEDULER,
  ) {
    this.current = this.clip(initialThreshold);
  }

  get threshold(): number {
    return this.current;
  }

  /** Records one epoch's CAQ and returns what happened to the threshold. */
  update(caq: number): SchedulerStep {
    const before = this.current;
    this.history.push(caq);
    if (this.history.length > this.opts.window) this.history.shift();
    if (this.history.length < this.opts.window)
      return { caq, trend: null, thresholdBefore: before, thresholdAfter: before };
    const trend = this.history[this.history.length - 1]! - this.history[0]!;
    if (trend > 0) this.current = this.clip(before / this.opts.decay);
    else if (trend < 0) this.current = this.clip(before * this.opts.decay);
    return { caq, trend, thresholdBefore: before, thresholdAfter: this.current };
  }

  private clip(t: number): number {
    return Math.min(this.opts.maxThreshold, Math.max(this.opts.minThreshold, t));
  }
}
