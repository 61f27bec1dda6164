/**
 * The rate–distortion bound of the H.3 source under MSE: X = B·Z, B ~ Bernoulli(p)
 * (the keep mask, p = 0.7), Z ~ N(0, 1), in bits per value against SNR in dB,
 * SNR = 10·log10(E[X²] / D), E[X²] = p. Derivation (README, "The source's
 * rate–distortion bound"):
 * - B is a function of X (X = 0 exactly when B = 0, almost surely), so a codec
 *   may as well know it. Given B, reverse water-filling over the two components
 *   spends nothing on the zeros and gives the Gaussian part distortion D/p:
 *   R_{X|B}(D) = p · ½·log2(p / D) for D ≤ p. Conditioning cannot raise the rate,
 *   so R(D) ≥ R_{X|B}(D): no codec does better (`lower`).
 * - Sending B losslessly first, then the Gaussian values at D/p, achieves
 *   R_{X|B}(D) + H(B), H(B) = h(p) = 0.881 bits, so R(D) ≤ that (`upper`); at high
 *   rate (small D) R(D) tends to it (the ε-entropy of a mixed variable), which
 *   is where the codecs compared here run.
 */
export const SOURCE = { keep: 0.7, variance: 1 } as const;

const h2 = (p: number): number => -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));

export function distortionAt(snrDb: number, keep: number = SOURCE.keep): number {
  return (keep * SOURCE.variance) / 10 ** (snrDb / 10);
}

/** Bits per value of the two bounds at an SNR (0 above the distortion of sending nothing). */
export function rdBoundBits(snrDb: number, keep: number = SOURCE.keep): { lower: number; upper: number } {
  const d = distortionAt(snrDb, keep);
  const gaussian = d >= keep * SOURCE.variance ? 0 : keep * 0.5 * Math.log2((keep * SOURCE.variance) / d);
  return { lower: gaussian, upper: gaussian === 0 ? 0 : gaussian + h2(keep) };
}
