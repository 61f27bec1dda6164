/**
 * The figures the ALCM paper published for experiment H.3, and what we take
 * each to mean. Only the sizes, reconstructions and statistics survive in the
 * fixtures; the definitions below are our reading, stated so a FAIL can be
 * argued with:
 * - CAQ = ratio / (cpu_s + 1) per epoch, cpu_s = encode + decode CPU seconds of
 *   the codec call; "baseline CAQ" / "ALCM CAQ" = mean over the 10 epochs (the
 *   published tables used per-file means);
 * - ratio = original tensor bytes (40 000) / ALCM npz bytes, mean over epochs;
 * - gain = ALCM CAQ / baseline CAQ − 1;
 * - entropy loss = mean over epochs of H(x) − H(x̂), Shannon entropy in bits of
 *   np.histogram(·, bins='auto'). Inferred: of ~200 histogram/error definitions
 *   we tried, this one gives 0.00736 from the fixtures' own reconstructions;
 *   nothing else records it, so treat the match as weak evidence;
 * - CAQ variance = (max − min) / mean of the ALCM's per-epoch CAQ. Chosen over
 *   the coefficient of variation because the sizes alone already spread the
 *   ratio by 3.6% (max − min) against 1.1% (CV); timing noise can only add.
 */
export type FigureId = 'baseline_caq' | 'alcm_caq' | 'gain_pct' | 'ratio' | 'entropy_loss' | 'caq_variance_pct';

export interface PublishedFigure {
  id: FigureId;
  label: string;
  published: number;
  /** How many decimals the paper printed (for display). */
  decimals: number;
  unit: '' | '%' | 'bits';
  definition: string;
}

export const PUBLISHED_H3: PublishedFigure[] = [
  {
    id: 'baseline_caq',
    label: 'baseline CAQ (npz)',
    published: 1.33,
    decimals: 2,
    unit: '',
    definition: 'mean over epochs of ratio/(cpu_s+1), numpy savez_compressed',
  },
  {
    id: 'alcm_caq',
    label: 'ALCM CAQ',
    published: 1.6,
    decimals: 2,
    unit: '',
    definition: 'mean over epochs of ratio/(cpu_s+1), ALCM',
  },
  {
    id: 'gain_pct',
    label: 'CAQ gain',
    published: 20.14,
    decimals: 2,
    unit: '%',
    definition: '(ALCM CAQ / baseline CAQ − 1) × 100',
  },
  {
    id: 'ratio',
    label: 'ALCM ratio',
    published: 1.6,
    decimals: 2,
    unit: '',
    definition: 'mean over epochs of 40000 / ALCM npz bytes',
  },
  {
    id: 'entropy_loss',
    label: 'entropy loss',
    published: 0.0074,
    decimals: 4,
    unit: 'bits',
    definition: "mean over epochs of H(x) − H(x̂), histogram bins='auto' (inferred)",
  },
  {
    id: 'caq_variance_pct',
    label: 'CAQ variance',
    published: 4.37,
    decimals: 2,
    unit: '%',
    definition: '(max − min) / mean of the ALCM per-epoch CAQ × 100',
  },
];

/** The published experiment: epochs 1–10 compress the 100×100 gradients of seeds 43–52. */
export const H3_EPOCHS = { count: 10, firstSeed: 43, shape: [100, 100] } as const;

/** Init seed of the predictor whose Xavier draw equals the fixtures' `init`. */
export const H3_PREDICTOR_SEED = 7;

/**
 * numpy's own file sizes for the 10 epochs, as the reference recorded them
 * (fixtures/alcm-h3/expected.json: `baseline_npz_bytes`, `alcm_npz_bytes`).
 * The engine's npz writer is numpy-exact (pako 2.1.0 = zlib 1.2.x deflate), so
 * our sizes must equal these; the report shows the largest gap, which is 0
 * unless the writer or the port regresses.
 */
export const NUMPY_SIZES_H3: ReadonlyArray<{ seed: number; npz: number; alcm: number }> = [
  { seed: 43, npz: 30000, alcm: 25061 },
  { seed: 44, npz: 29796, alcm: 24998 },
  { seed: 45, npz: 30112, alcm: 24848 },
  { seed: 46, npz: 30074, alcm: 25719 },
  { seed: 47, npz: 29840, alcm: 24985 },
  { seed: 48, npz: 30040, alcm: 25050 },
  { seed: 49, npz: 29826, alcm: 24802 },
  { seed: 50, npz: 29954, alcm: 25348 },
  { seed: 51, npz: 30032, alcm: 24949 },
  { seed: 52, npz: 30003, alcm: 25405 },
];
