/**
 * Re-runs the published H.3 experiment in-process: the predictor trained on the
 * published 50-tensor set (init seed 7), then 10 epochs, each compressing one
 * 100×100 synthetic gradient with the npz baseline and the ALCM while the CAQ
 * scheduler moves the pruning threshold from 0.01. Sizes are codec bodies
 * (numpy's file sizes, no engine container); CPU is measured by the engine's
 * `measureCpu` around each encode and decode call only.
 */
import { alcmCodec, alcmExtras } from '../../../mock-engine/src/alcm/codec.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { PUBLISHED_ENCODER } from '../../../mock-engine/src/alcm/pipeline.js';
import { CaqScheduler, PUBLISHED_SCHEDULER } from '../../../mock-engine/src/alcm/scheduler.js';
import type { Codec, CodecParams, Payload, Tensor } from '../../../mock-engine/src/codec.js';
import { getCodec } from '../../../mock-engine/src/codecs/index.js';
import { caq } from '../../../mock-engine/src/metrics/caq.js';
import { distortion } from '../../../mock-engine/src/metrics/distortion.js';
import { measureCpu } from '../../../mock-engine/src/metrics/cpu.js';
import { mean, median } from '../../../mock-engine/src/metrics/summary.js';
import type { Distortion } from '../../../mock-engine/src/results.js';
import { histogramEntropyBits } from './entropy.js';
import { H3_EPOCHS, H3_PREDICTOR_SEED } from './published.js';

export interface CodecRun {
  bytes: number;
  ratio: number;
  cpuS: number;
  caq: number;
}

export interface EpochResult {
  epoch: number;
  seed: number;
  /** Pruning threshold this epoch used, and the one the scheduler chose after it. */
  threshold: number;
  thresholdNext: number;
  trend: number | null;
  predictedBits: number;
  droppedRatio: number;
  dropCapExceeded: boolean;
  originalBytes: number;
  baseline: CodecRun;
  alcm: CodecRun;
  distortion: Distortion;
  entropyLoss: number;
}

export interface TimingOptions {
  runs: number;
  warmup: number;
}

function timed(
  codec: Codec,
  input: Payload,
  params: CodecParams,
  originalBytes: number,
  opts: TimingOptions,
): { run: CodecRun; output: Payload } {
  const enc = measureCpu(() => codec.encode(input, params), opts);
  const like =
    input.kind === 'tensor'
      ? { kind: 'tensor' as const, dtype: input.tensor.dtype, shape: input.tensor.shape }
      : { kind: 'bytes' as const, length: input.bytes.length };
  const dec = measureCpu(() => codec.decode(enc.result, params, like), opts);
  const ratio = originalBytes / enc.result.length;
  const cpuS = median(enc.samples) + median(dec.samples);
  return { run: { bytes: enc.result.length, ratio, cpuS, caq: caq(ratio, cpuS) }, output: dec.result };
}

export function runH3Epochs(opts: TimingOptions): EpochResult[] {
  const scheduler = new CaqScheduler(PUBLISHED_ENCODER.threshold, PUBLISHED_SCHEDULER);
  const npz = getCodec('npz');
  const results: EpochResult[] = [];
  for (let k = 0; k < H3_EPOCHS.count; k++) {
    const seed = H3_EPOCHS.firstSeed + k;
    const x: Tensor = syntheticGradient(seed, [...H3_EPOCHS.shape]);
    const input: Payload = { kind: 'tensor', tensor: x };
    const originalBytes = x.data.byteLength;
    const threshold = scheduler.threshold;
    const params: CodecParams = { seed: H3_PREDICTOR_SEED, threshold, max_drop_ratio: PUBLISHED_ENCODER.maxDropRatio };
    // Untimed: trains (once, cached) the predictor and gives the figures the codec reports.
    const extras = alcmExtras(input, params);
    const baseline = timed(npz, input, {}, originalBytes, opts).run;
    const alcm = timed(alcmCodec, input, params, originalBytes, opts);
    if (alcm.output.kind !== 'tensor') throw new Error('alcm-h3 decoded to bytes');
    const recon = alcm.output.tensor.data as Float32Array;
    const step = scheduler.update(alcm.run.caq);
    results.push({
      epoch: k + 1,
      seed,
      threshold,
      thresholdNext: step.thresholdAfter,
      trend: step.trend,
      predictedBits: extras.predicted_bits!,
      droppedRatio: extras.dropped_ratio!,
      dropCapExceeded: extras.drop_cap_exceeded === 1,
      originalBytes,
      baseline,
      alcm: alcm.run,
      distortion: distortion(x, alcm.output.tensor, alcm.run.bytes),
      entropyLoss: histogramEntropyBits(x.data as Float32Array) - histogramEntropyBits(recon),
    });
  }
  return results;
}

/** Lossless baselines on the same 10 tensors: ratio of original bytes to each codec's body (not timed). */
export function losslessRatios(
  codecs: Codec[],
  params: (c: Codec) => CodecParams,
): Array<{ codec: string; params: CodecParams; ratio: number }> {
  return codecs.map((codec) => {
    const p = params(codec);
    const ratios: number[] = [];
    for (let k = 0; k < H3_EPOCHS.count; k++) {
      const x = syntheticGradient(H3_EPOCHS.firstSeed + k, [...H3_EPOCHS.shape]);
      const bytes = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
      const input: Payload = codec.input === 'tensor' ? { kind: 'tensor', tensor: x } : { kind: 'bytes', bytes };
      ratios.push(bytes.length / codec.encode(input, p).length);
    }
    return { codec: codec.id, params: p, ratio: mean(ratios) };
  });
}
