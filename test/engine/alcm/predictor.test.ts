import { describe, expect, it } from 'vitest';
import { predict, train, xavierInit, type PredictorWeights } from '../../../mock-engine/src/alcm/predictor.js';
import { predictorFromJson, weightsFromJson, weightsToJson } from '../../../mock-engine/src/alcm/predictor-file.js';
import { publishedTrainingTensors, trainPredictorOnTensors } from '../../../mock-engine/src/alcm/train.js';
import { EngineError } from '../../../mock-engine/src/errors.js';
import { expected, predictorFixture as fx, relErr, type FixtureWeights } from './fixtures.js';

const noFail = (field: string, why: string): never => {
  throw new Error(`${field} ${why}`);
};
const load = (w: FixtureWeights): PredictorWeights => weightsFromJson(w, 'w', noFail);
const range = { minBits: fx.min_bits, maxBits: fx.max_bits };

function maxAbsDiff(a: PredictorWeights, b: PredictorWeights): number {
  let worst = 0;
  for (const k of ['W1', 'b1', 'W2', 'b2'] as const)
    a[k].forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[k][i]!))));
  return worst;
}

describe('ALCM predictor', () => {
  it('draws the fixture init exactly from Xavier-uniform with seed 7', () => {
    expect(weightsToJson(xavierInit(7))).toEqual(fx.init);
    expect(weightsToJson(xavierInit(8))).not.toEqual(fx.init);
  });

  it('trains from the fixture init to the fixture weights and losses (1e-9)', () => {
    const { weights, lossPerEpoch } = train(load(fx.init), fx.training_features, fx.training_targets, {
      ...range,
      epochs: 10,
      learningRate: fx.learning_rate,
    });
    expect(maxAbsDiff(weights, load(fx.trained))).toBeLessThan(1e-12);
    lossPerEpoch.forEach((l, i) => expect(relErr(l, fx.loss_per_epoch[i]!)).toBeLessThan(1e-9));
  });

  it('trains the published recipe end to end (tensors, targets, seed 7) to the fixture file', () => {
    const file = trainPredictorOnTensors(publishedTrainingTensors(), { seed: 7, epochs: 10 });
    expect(file.init).toEqual(fx.init);
    file.training_targets.forEach((t, i) => expect(relErr(t, fx.training_targets[i]!)).toBeLessThan(1e-12));
    expect(maxAbsDiff(load(file.trained), load(fx.trained))).toBeLessThan(1e-12);
    expect(relErr(file.final_loss, fx.final_loss)).toBeLessThan(1e-9);
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
    expect([file.seed, file.epochs]).toEqual([7, 10]);
  });

  it.each(expected.tensors.map((t) => [t.seed, t] as const))('predicts the fixture bits for seed %i', (_seed, t) => {
    const bits = Math.fround(predict(load(fx.trained), t.features, range));
    expect(relErr(bits, t.predicted_bits)).toBeLessThan(1e-9);
  });

  it('gives NaN for NaN features (the caller falls back)', () => {
    expect(predict(load(fx.trained), [NaN, 0, 0, 0, 0, 0], range)).toBeNaN();
  });
});

describe('predictor JSON', () => {
  it('accepts the fixture file as it is and uses its trained weights', () => {
    const p = predictorFromJson(fx, 'predictor.json');
    expect(p.minBits).toBe(0.2);
    expect(maxAbsDiff(p.weights, load(fx.trained))).toBe(0);
  });

  it.each([
    [
      '/trained/W1/2',
      { ...fx, trained: { ...fx.trained, W1: fx.trained.W1.map((r, i) => (i === 2 ? r.slice(1) : r)) } },
    ],
    ['/trained/b2', { ...fx, trained: { ...fx.trained, b2: [] } }],
    ['/max_bits', { ...fx, max_bits: 0.1 }],
    ['/trained/W2/3/0', { ...fx, trained: { ...fx.trained, W2: fx.trained.W2.map((r, i) => (i === 3 ? [null] : r)) } }],
  ])('rejects a malformed file at %s', (field, json) => {
    try {
      predictorFromJson(json, 'bad.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('E_BAD_PARAM');
      expect((e as EngineError).field).toBe(field);
    }
  });
});
