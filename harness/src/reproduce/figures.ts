/** From the epochs' measurements to the published figures, their verdicts, and the context the paper left out. */
import { spread, TOLERANCE } from '../../../mock-engine/src/metrics/caq.js';
import { mean, median } from '../../../mock-engine/src/metrics/summary.js';
import type { EpochResult } from './experiment.js';
import { NUMPY_SIZES_H3, PUBLISHED_H3, type FigureId, type PublishedFigure } from './published.js';

export interface FigureRow extends PublishedFigure {
  measured: number;
  /** measured − published */
  difference: number;
  /** |measured − published| / |published| */
  relativeDifference: number;
  verdict: 'PASS' | 'FAIL';
}

export function measuredFigures(epochs: EpochResult[]): Record<FigureId, number> {
  const baselineCaq = mean(epochs.map((e) => e.baseline.caq));
  const alcmCaqs = epochs.map((e) => e.alcm.caq);
  const alcmCaq = mean(alcmCaqs);
  return {
    baseline_caq: baselineCaq,
    alcm_caq: alcmCaq,
    gain_pct: (alcmCaq / baselineCaq - 1) * 100,
    ratio: mean(epochs.map((e) => e.alcm.ratio)),
    entropy_loss: mean(epochs.map((e) => e.entropyLoss)),
    caq_variance_pct: spread(alcmCaqs) * 100,
  };
}

export function judge(measured: Record<FigureId, number>, tolerance = TOLERANCE): FigureRow[] {
  return PUBLISHED_H3.map((p) => {
    const m = measured[p.id];
    const relativeDifference = Math.abs(m - p.published) / Math.abs(p.published);
    return {
      ...p,
      measured: m,
      difference: m - p.published,
      relativeDifference,
      verdict: relativeDifference <= tolerance ? 'PASS' : 'FAIL',
    };
  });
}

/** What the published table did not show, and what explains its figures. */
export interface Context {
  snr_db_mean: number;
  snr_db_min: number;
  max_abs_error: number;
  relative_l2_error_mean: number;
  dropped_ratio_mean: number;
  epochs_over_drop_cap: number;
  predicted_bits_min: number;
  predicted_bits_max: number;
  baseline_ratio_mean: number;
  /** The gain the sizes alone give (CPU time ignored): mean ALCM ratio / mean baseline ratio − 1. */
  size_only_gain_pct: number;
  /** The same two figures from numpy's recorded file sizes (the reference's deflate), for comparison. */
  numpy_alcm_ratio_mean: number;
  numpy_size_only_gain_pct: number;
  /** Largest |our size − numpy's| / numpy's over the epochs, per codec. */
  npz_size_vs_numpy_max: number;
  alcm_size_vs_numpy_max: number;
  alcm_caq_cv_pct: number;
  alcm_cpu_s_median: number;
  baseline_cpu_s_median: number;
  threshold_final: number;
}

export function context(epochs: EpochResult[]): Context {
  const caqs = epochs.map((e) => e.alcm.caq);
  const caqMean = mean(caqs);
  const sd = Math.sqrt(mean(caqs.map((c) => (c - caqMean) ** 2)));
  const snr = epochs.map((e) => e.distortion.snr_db ?? NaN);
  const last = epochs[epochs.length - 1]!;
  const numpy = epochs.map((e) => NUMPY_SIZES_H3.find((s) => s.seed === e.seed)!);
  const numpyAlcmRatio = mean(epochs.map((e, i) => e.originalBytes / numpy[i]!.alcm));
  const numpyNpzRatio = mean(epochs.map((e, i) => e.originalBytes / numpy[i]!.npz));
  const sizeGap = (pick: (e: EpochResult) => number, ref: (i: number) => number): number =>
    Math.max(...epochs.map((e, i) => Math.abs(pick(e) - ref(i)) / ref(i)));
  return {
    snr_db_mean: mean(snr),
    snr_db_min: Math.min(...snr),
    max_abs_error: Math.max(...epochs.map((e) => e.distortion.max_abs_error)),
    relative_l2_error_mean: mean(epochs.map((e) => e.distortion.relative_l2_error ?? NaN)),
    dropped_ratio_mean: mean(epochs.map((e) => e.droppedRatio)),
    epochs_over_drop_cap: epochs.filter((e) => e.dropCapExceeded).length,
    predicted_bits_min: Math.min(...epochs.map((e) => e.predictedBits)),
    predicted_bits_max: Math.max(...epochs.map((e) => e.predictedBits)),
    baseline_ratio_mean: mean(epochs.map((e) => e.baseline.ratio)),
    size_only_gain_pct: (mean(epochs.map((e) => e.alcm.ratio)) / mean(epochs.map((e) => e.baseline.ratio)) - 1) * 100,
    numpy_alcm_ratio_mean: numpyAlcmRatio,
    numpy_size_only_gain_pct: (numpyAlcmRatio / numpyNpzRatio - 1) * 100,
    npz_size_vs_numpy_max: sizeGap(
      (e) => e.baseline.bytes,
      (i) => numpy[i]!.npz,
    ),
    alcm_size_vs_numpy_max: sizeGap(
      (e) => e.alcm.bytes,
      (i) => numpy[i]!.alcm,
    ),
    alcm_caq_cv_pct: (sd / caqMean) * 100,
    alcm_cpu_s_median: median(epochs.map((e) => e.alcm.cpuS)),
    baseline_cpu_s_median: median(epochs.map((e) => e.baseline.cpuS)),
    threshold_final: last.thresholdNext,
  };
}
