/**
 * `caqbench reproduce alcm-h3` as a library call: runs the experiment and
 * returns every figure with its verdict. Never prints; the command renders it.
 */
import { listCodecs, resolveParams } from '../../../mock-engine/src/codecs/index.js';
import { CPU_CLOCK } from '../../../mock-engine/src/metrics/cpu.js';
import {
  publishedTrainingTensors,
  PUBLISHED_TRAINING,
  trainPredictorOnTensors,
} from '../../../mock-engine/src/alcm/train.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { CaqError } from '../errors.js';
import { equalDistortion, type EqualDistortion } from './equal-distortion.js';
import { losslessRatios, runH3Epochs, type EpochResult, type TimingOptions } from './experiment.js';
import { context, judge, measuredFigures, type Context, type FigureRow } from './figures.js';
import { TOLERANCE } from '../../../mock-engine/src/metrics/caq.js';
import { H3_EPOCHS, H3_PREDICTOR_SEED } from './published.js';

export const EXPERIMENTS = ['alcm-h3'] as const;

export interface ReproduceReport {
  experiment: 'alcm-h3';
  tolerance: number;
  /** True only when every published figure reproduces. */
  pass: boolean;
  figures: FigureRow[];
  context: Context;
  lossless: Array<{ codec: string; params: Record<string, unknown>; ratio: number }>;
  /** Lossy peers at the ALCM's own SNR, their rate–distortion curves and the source's bound. */
  equal_distortion: EqualDistortion;
  predictor: { seed: number; epochs: number; final_loss: number; loss_per_epoch: number[] };
  timing: TimingOptions & { clock: string };
  epochs: EpochResult[];
}

export function reproduce(experiment: string, timing: TimingOptions = { runs: 5, warmup: 1 }): ReproduceReport {
  if (experiment !== 'alcm-h3') {
    throw new CaqError('USAGE', `unknown experiment '${experiment}'`, {
      field: 'experiment',
      hint: `known: ${EXPERIMENTS.join(', ')}`,
    });
  }
  const trained = trainPredictorOnTensors(publishedTrainingTensors(), {
    seed: H3_PREDICTOR_SEED,
    epochs: PUBLISHED_TRAINING.epochs,
  });
  const epochs = runH3Epochs(timing);
  const figures = judge(measuredFigures(epochs));
  const lossless = listCodecs().filter((c) => c.lossless && c.id !== 'store');
  return {
    experiment: 'alcm-h3',
    tolerance: TOLERANCE,
    pass: figures.every((f) => f.verdict === 'PASS'),
    figures,
    context: context(epochs),
    lossless: losslessRatios(lossless, (c) => resolveParams(c, {})),
    equal_distortion: equalDistortion(
      epochs.map((e) => ({
        epoch: e.epoch,
        tensor: syntheticGradient(e.seed, [...H3_EPOCHS.shape]),
        snrDb: e.distortion.snr_db ?? Infinity,
        ratio: e.alcm.ratio,
      })),
    ),
    predictor: {
      seed: H3_PREDICTOR_SEED,
      epochs: PUBLISHED_TRAINING.epochs,
      final_loss: trained.final_loss,
      loss_per_epoch: trained.loss_per_epoch,
    },
    timing: { ...timing, clock: CPU_CLOCK },
    epochs,
  };
}
