import { RandomState } from '../random/numpy-legacy.js';

/**
 * The ALCM bit-width predictor: a 6→64→1 MLP, ReLU hidden layer, sigmoid output
 * scaled to [minBits, maxBits], trained by per-sample SGD on the squared error.
 * All arithmetic is float64, as in the numpy reference. Checked against the
 * fixtures: dL/dout = 2·(out − target) (the derivative of (out − target)², not of
 * ½(…)²), the gradients of a sample are all taken before any weight moves, the
 * samples are visited in order with no shuffling, and an epoch's loss is the
 * mean of the per-sample losses measured before each sample's update.
 */
export const INPUTS = 6;
export const HIDDEN = 64;

export interface PredictorWeights {
  /** 6×64 row-major. */
  W1: Float64Array;
  b1: Float64Array;
  /** 64×1. */
  W2: Float64Array;
  b2: Float64Array;
}

export interface BitsRange {
  minBits: number;
  maxBits: number;
}

/**
 * Xavier-uniform init as the reference drew it: `np.random.seed(seed)`, then
 * W1 = uniform(±√(6/(6+64)), (6, 64)), W2 = uniform(±√(6/(64+1)), (64, 1)) from
 * the same stream, biases zero. Seed 7 reproduces the fixtures' `init` exactly.
 */
export function xavierInit(seed: number): PredictorWeights {
  const rng = new RandomState(seed);
  const l1 = Math.sqrt(6 / (INPUTS + HIDDEN));
  const W1 = rng.uniform(-l1, l1, INPUTS * HIDDEN);
  const l2 = Math.sqrt(6 / (HIDDEN + 1));
  const W2 = rng.uniform(-l2, l2, HIDDEN);
  return { W1, b1: new Float64Array(HIDDEN), W2, b2: new Float64Array(1) };
}

export function cloneWeights(w: PredictorWeights): PredictorWeights {
  return { W1: w.W1.slice(), b1: w.b1.slice(), W2: w.W2.slice(), b2: w.b2.slice() };
}

interface Activations {
  z1: Float64Array;
  h: Float64Array;
  s: number;
  out: number;
}

function forward(
  w: PredictorWeights,
  f: ArrayLike<number>,
  range: BitsRange,
  z1: Float64Array,
  h: Float64Array,
): Activations {
  let z2 = 0;
  for (let j = 0; j < HIDDEN; j++) {
    let acc = 0;
    for (let i = 0; i < INPUTS; i++) acc += f[i]! * w.W1[i * HIDDEN + j]!;
    z1[j] = acc + w.b1[j]!;
    // np.maximum(0, z): NaN propagates (a plain `z > 0 ? z : 0` would hide it).
    h[j] = z1[j]! > 0 || Number.isNaN(z1[j]!) ? z1[j]! : 0;
    z2 += h[j]! * w.W2[j]!;
  }
  const s = 1 / (1 + Math.exp(-(z2 + w.b2[0]!)));
  return { z1, h, s, out: range.minBits + (range.maxBits - range.minBits) * s };
}

/** The predictor's float64 output for one feature vector (NaN in → NaN out). */
export function predict(w: PredictorWeights, features: ArrayLike<number>, range: BitsRange): number {
  return forward(w, features, range, new Float64Array(HIDDEN), new Float64Array(HIDDEN)).out;
}

/** One SGD step on one sample, in place; returns the sample's loss before the step. */
function sgdStep(
  w: PredictorWeights,
  f: ArrayLike<number>,
  target: number,
  range: BitsRange,
  lr: number,
  z1: Float64Array,
  h: Float64Array,
): number {
  const a = forward(w, f, range, z1, h);
  const err = a.out - target;
  const gz2 = 2 * err * (range.maxBits - range.minBits) * a.s * (1 - a.s);
  for (let j = 0; j < HIDDEN; j++) {
    // dL/dz1 uses W2 before this step's update, as the reference's backward pass did.
    const gz1 = a.z1[j]! > 0 ? gz2 * w.W2[j]! : 0;
    w.W2[j] = w.W2[j]! - lr * (a.h[j]! * gz2);
    w.b1[j] = w.b1[j]! - lr * gz1;
    for (let i = 0; i < INPUTS; i++) w.W1[i * HIDDEN + j] = w.W1[i * HIDDEN + j]! - lr * (f[i]! * gz1);
  }
  w.b2[0] = w.b2[0]! - lr * gz2;
  return err * err;
}

/** Trains a copy of `init` for `epochs` passes; returns the weights and each epoch's mean loss. */
export function train(
  init: PredictorWeights,
  features: ArrayLike<number>[],
  targets: ArrayLike<number>,
  opts: BitsRange & { epochs: number; learningRate: number },
): { weights: PredictorWeights; lossPerEpoch: number[] } {
  const w = cloneWeights(init);
  const z1 = new Float64Array(HIDDEN);
  const h = new Float64Array(HIDDEN);
  const lossPerEpoch: number[] = [];
  for (let e = 0; e < opts.epochs; e++) {
    let total = 0;
    for (let k = 0; k < features.length; k++)
      total += sgdStep(w, features[k]!, targets[k]!, opts, opts.learningRate, z1, h);
    lossPerEpoch.push(total / features.length);
  }
  return { weights: w, lossPerEpoch };
}
