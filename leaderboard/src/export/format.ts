import type { DeltaVsBaseline, Entry } from '../types.js';

/** Display formats shared by the Markdown and HTML tables (CSV and JSON keep full precision). */
export const fmt = {
  ratio: (x: number): string => x.toFixed(3),
  cpu: (x: number): string => (x < 10 ? x.toFixed(4) : x.toFixed(2)),
  /** CPU seconds, marked when the runs' CPU spread was flagged unstable. */
  cpuOf: (e: Entry): string => `${fmt.cpu(e.cpu_s)}${e.unstable ? ' (unstable)' : ''}`,
  caq: (x: number): string => x.toFixed(4),
  percent: (fraction: number): string => `${(fraction * 100).toFixed(2)}%`,
  delta: (d: DeltaVsBaseline | null): string =>
    d === null ? '—' : `${d.caq_pct >= 0 ? '+' : ''}${d.caq_pct.toFixed(1)}% vs ${d.baseline}`,
  optional: (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits)),
  version: (e: Entry): string =>
    e.newer_versions.length === 0 ? e.version : `${e.version} (newer: ${e.newer_versions.join(', ')})`,
  /** The codec, marked when the maintainer re-ran it outside the sandbox. */
  codec: (e: Entry): string => `${e.codec}${e.unsealed ? ' (unsealed)' : ''}`,
  /** The submitter's CAQ, ratio and CPU seconds, in the order of the measured columns. */
  claimed: (e: Entry): string =>
    `${fmt.caq(e.claimed.caq)} · ${fmt.ratio(e.claimed.ratio)} · ${fmt.cpu(e.claimed.cpu_s)}`,
};

export interface Column {
  header: string;
  align: 'left' | 'right';
  cell(entry: Entry): string;
}

/** The columns of a table: the re-run's figures, the claim beside them; lossy tables add SNR and bits per value. */
export function columns(lossy: boolean): Column[] {
  const base: Column[] = [
    { header: '#', align: 'right', cell: (e) => String(e.rank) },
    { header: 'Codec', align: 'left', cell: fmt.codec },
    { header: 'Version', align: 'left', cell: fmt.version },
    { header: 'Submitter', align: 'left', cell: (e) => e.submitter },
    { header: 'CAQ (re-run)', align: 'right', cell: (e) => fmt.caq(e.caq) },
    { header: 'Ratio (re-run)', align: 'right', cell: (e) => fmt.ratio(e.ratio) },
    { header: 'CPU s (re-run)', align: 'right', cell: (e) => fmt.cpuOf(e) },
    { header: 'Claimed CAQ · ratio · CPU s', align: 'right', cell: fmt.claimed },
    { header: 'Variance', align: 'right', cell: (e) => fmt.percent(e.caq_variance) },
    { header: 'Runs', align: 'right', cell: (e) => String(e.runs) },
    { header: 'Δ CAQ vs baseline', align: 'right', cell: (e) => fmt.delta(e.delta_vs_baseline) },
    { header: 'Adaptive', align: 'left', cell: (e) => (e.adaptive ? 'yes (learned)' : 'no') },
    { header: 'Pareto', align: 'left', cell: (e) => (e.pareto ? '★' : '') },
  ];
  if (!lossy) return base;
  return [
    ...base,
    { header: 'SNR dB', align: 'right', cell: (e) => fmt.optional(e.snr_db, 2) },
    { header: 'Bits/value', align: 'right', cell: (e) => fmt.optional(e.bits_per_value, 3) },
  ];
}
