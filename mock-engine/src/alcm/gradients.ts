import type { Tensor } from '../codec.js';
import { RandomState } from '../random/numpy-legacy.js';

/** Probability threshold of the published generator's keep mask. */
const KEEP_ABOVE = 0.3;

/**
 * The published synthetic gradient:
 * `np.random.seed(seed); randn(*shape).astype(float32) * (rand(*shape) > 0.3)`.
 * All normals are drawn before the uniforms (numpy evaluates the left operand
 * first). float32 × False is a signed zero, so dropped negative entries are −0,
 * exactly as numpy stores them (the fixtures' SHA-256s depend on it).
 */
export function syntheticGradient(seed: number, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = new RandomState(seed);
  const normals = rng.randn(n);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const keep = rng.randomSample() > KEEP_ABOVE ? 1 : 0;
    data[i] = Math.fround(normals[i]!) * keep;
  }
  return { dtype: 'float32', shape: [...shape], data };
}
