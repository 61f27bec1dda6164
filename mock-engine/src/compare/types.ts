/** One compared figure and the verdict on it. */
export type Verdict = 'ok' | 'FAIL' | 'info';

export interface ComparisonRow {
  codec: string;
  /** A data file, `(all files)` for the codec's aggregate, `(bundle)` for the bundle itself. */
  file: string;
  metric: string;
  expected: number | string | boolean | null;
  measured: number | string | boolean | null;
  /** (measured − expected) / |expected|; null when not numeric or undefined. */
  relative_difference: number | null;
  verdict: Verdict;
}

export interface ComparisonOptions {
  /** Relative tolerance, e.g. 0.015. */
  tolerance: number;
  /** Gate raw CPU seconds too (otherwise they are shown as `info`). */
  gateCpu: boolean;
  /** The manifest's `metrics` list: groups not listed are shown as `info`. Absent: every deterministic figure and CAQ is gated. */
  metrics?: string[];
}

export interface Comparison {
  tolerance: number;
  gate_cpu: boolean;
  /** The expected run's median reference time (seconds): the scale of the gated `caq_norm` figures. */
  reference_s: number;
  pass: boolean;
  /** Rows with verdict FAIL. */
  failures: number;
  /** Rows with verdict ok. */
  compared: number;
  rows: ComparisonRow[];
  /** Measured codecs whose runs were flagged unstable after a re-measure (information, not a verdict). */
  unstable: string[];
}

export const AGGREGATE_FILE = '(all files)';
export const BUNDLE_FILE = '(bundle)';
