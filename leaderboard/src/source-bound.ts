/**
 * Rate–distortion bounds, under MSE, of the synthetic gradients' source: X = B·Z with
 * Z ~ N(0, 1) and an independent keep mask B ~ Bernoulli(p), i.i.d. per value (the README
 * derives them). E[X²] = p, so at SNR s dB the distortion is D = p·10^(−s/10) and
 *   lower(s) = (p/2)·log2(p/D)                                  (the mask told to both sides for free)
 *   upper(s) = min(h(p) + (p/2)·log2(p/D), ½·log2(p/D))         (send the mask, then the kept values; or a Gaussian code)
 * in bits per value, with h the binary entropy. The true R(D) lies between: the gap is at most h(p).
 */
export interface BoundPoint {
  snr_db: number;
  lower_bits: number;
  upper_bits: number;
}

export interface SourceBound {
  model: string;
  keep_probability: number;
  points: BoundPoint[];
}

const binaryEntropy = (p: number): number => (p <= 0 || p >= 1 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p));

/** The two bounds at one SNR (dB); no rate is needed at or below 0 dB (D ≥ E[X²]: send nothing, decode 0). */
export function keepMaskBound(p: number, snrDb: number): BoundPoint {
  const gaussian = (Math.max(0, snrDb) * Math.log2(10)) / 20;
  const lower = p * gaussian;
  return { snr_db: snrDb, lower_bits: lower, upper_bits: Math.min(binaryEntropy(p) + lower, gaussian) };
}

/** Both bounds sampled evenly over an SNR range, for the chart and leaderboard.json. */
export function keepMaskBoundCurve(p: number, range: { min: number; max: number }, samples = 25): SourceBound {
  const points = Array.from({ length: samples }, (_, i) =>
    keepMaskBound(p, range.min + ((range.max - range.min) * i) / (samples - 1)),
  );
  return { model: `N(0, 1) × Bernoulli(${p}) keep mask, i.i.d., under MSE`, keep_probability: p, points };
}
