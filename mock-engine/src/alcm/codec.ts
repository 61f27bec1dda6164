import type { Codec, CodecParams, Payload, Tensor } from '../codec.js';
import { CODEC_EXTRAS } from '../codecs/extras.js';
import { inputTensor } from '../codecs/payload.js';
import { EngineError } from '../errors.js';
import { decodeBackend, encodeBackend } from './backend.js';
import { alcmFigures, PUBLISHED_ENCODER, runAlcm, type AlcmEncoding } from './pipeline.js';
import { loadPredictorFile, predictorFromJson, type LoadedPredictor } from './predictor-file.js';
import { PUBLISHED_TRAINING, publishedTrainingTensors, trainPredictorOnTensors } from './train.js';

const ID = 'alcm-h3';

/** Predictors trained from a seed are deterministic, so one training per seed per process is enough. */
const trainedBySeed = new Map<number, LoadedPredictor>();

function trainedFromSeed(seed: number): LoadedPredictor {
  let p = trainedBySeed.get(seed);
  if (p === undefined) {
    const file = trainPredictorOnTensors(publishedTrainingTensors(), { seed, epochs: PUBLISHED_TRAINING.epochs });
    p = predictorFromJson(file, `<trained from seed ${seed}>`);
    trainedBySeed.set(seed, p);
  }
  return p;
}

/** The predictor named by the codec's parameters: `weights` (a predictor JSON file) or `seed`, exactly one. */
export function resolvePredictor(params: CodecParams): LoadedPredictor {
  const { weights, seed } = params;
  if (weights !== undefined && seed !== undefined) {
    throw new EngineError('E_BAD_PARAM', `codec '${ID}' takes 'weights' or 'seed', not both`, { field: 'weights' });
  }
  if (typeof weights === 'string') return loadPredictorFile(weights);
  if (typeof seed === 'number') return trainedFromSeed(seed);
  throw new EngineError('E_BAD_PARAM', `codec '${ID}' needs its predictor: give 'weights' or 'seed'`, {
    field: 'weights',
    hint: `--param weights=model/alcm-predictor.json, or --param seed=${PUBLISHED_TRAINING.initSeed} to train on the published recipe`,
  });
}

function encodeWith(t: Tensor, params: CodecParams): AlcmEncoding {
  return runAlcm(t, resolvePredictor(params), {
    threshold: Number(params.threshold ?? PUBLISHED_ENCODER.threshold),
    maxDropRatio: Number(params.max_drop_ratio ?? PUBLISHED_ENCODER.maxDropRatio),
  });
}

/** predicted_bits, dropped_ratio, drop_cap_exceeded (0/1), bits_fallback (0/1) of one input; not timed. */
export function alcmExtras(input: Payload, params: CodecParams): Record<string, number> {
  return alcmFigures(encodeWith(inputTensor(ID, input), params));
}

export const alcmCodec: Codec = {
  id: ID,
  version: '1',
  description:
    'ALCM (H.3) port: predicted bits, per-row quantisation, percentile pruning, npz of (pruned, mask, scales)',
  lossless: false,
  adaptive: true,
  input: 'tensor',
  wholeInput: true,
  errorBound: null,
  boundNote:
    'declares no error bound: the published pipeline promises none; its per-row quantisation step and the share of values it prunes to zero depend on the data, so its error is measured (SNR, max abs error), never guaranteed',
  params: [
    {
      name: 'weights',
      type: 'path',
      description: "predictor JSON (the shape of the ALCM fixtures' predictor.json; its `trained` weights are used)",
    },
    {
      name: 'seed',
      type: 'int',
      min: 0,
      max: 0xffffffff,
      description:
        'train the predictor from this init seed on the published recipe instead (7 reproduces the published weights)',
    },
    {
      name: 'threshold',
      type: 'number',
      default: PUBLISHED_ENCODER.threshold,
      min: 0,
      max: 1,
      description: 'pruning percentile, as a fraction',
    },
    {
      name: 'max_drop_ratio',
      type: 'number',
      default: PUBLISHED_ENCODER.maxDropRatio,
      min: 0,
      max: 1,
      description: 'share of values above which pruning is re-cut at this percentile',
    },
  ],
  encode(input, params) {
    const t = inputTensor(ID, input);
    const e = encodeWith(t, params);
    const { pruned, mask } = e.pruned;
    const { rowScales, rowLength } = e.quantized;
    return encodeBackend({ dtype: t.dtype, shape: t.shape, pruned, mask, rowScales, rowLength });
  },
  decode(body, _params, like) {
    if (like.kind !== 'tensor') throw new EngineError('E_BAD_CONTAINER', `a '${ID}' container must describe a tensor`);
    return { kind: 'tensor', tensor: decodeBackend(body, like.dtype, like.shape) };
  },
};

CODEC_EXTRAS[ID] = alcmExtras;
