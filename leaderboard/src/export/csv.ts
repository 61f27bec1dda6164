import type { Entry } from '../types.js';
import type { Exporter } from './exporter.js';

const HEADER = [
  'bundle',
  'bundle_version',
  'table',
  'rank',
  'codec',
  'version',
  'submitter',
  'lossless',
  'adaptive',
  'caq',
  'ratio',
  'cpu_s',
  'claimed_caq',
  'claimed_ratio',
  'claimed_cpu_s',
  'unsealed',
  'caq_variance',
  'runs',
  'unstable',
  'baseline',
  'delta_caq_pct',
  'delta_ratio_pct',
  'snr_db',
  'bits_per_value',
  'pareto',
  'newer_versions',
  'content_sha256',
  'report',
];

/**
 * RFC 4180 quoting; free text that a spreadsheet would run as a formula (=, +, -, @)
 * gets a leading apostrophe, since submitter names and codec names come from strangers.
 */
function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const num = (value: number | null): string => (value === null ? '' : String(value));

function row(bundle: string, version: string, table: string, e: Entry): string {
  const d = e.delta_vs_baseline;
  return [
    text(bundle),
    text(version),
    table,
    num(e.rank),
    text(e.codec),
    text(e.version),
    text(e.submitter),
    String(e.lossless),
    String(e.adaptive),
    num(e.caq),
    num(e.ratio),
    num(e.cpu_s),
    num(e.claimed.caq),
    num(e.claimed.ratio),
    num(e.claimed.cpu_s),
    String(e.unsealed),
    num(e.caq_variance),
    num(e.runs),
    String(e.unstable),
    text(d?.baseline ?? ''),
    num(d?.caq_pct ?? null),
    num(d?.ratio_pct ?? null),
    num(e.snr_db),
    num(e.bits_per_value),
    String(e.pareto),
    text(e.newer_versions.join(' ')),
    e.content_sha256,
    text(e.report),
  ].join(',');
}

/** One row per ranked entry and nothing else: caq, ratio and cpu_s are the maintainer's re-run's, claimed_* the submitter's. */
export const csvExporter: Exporter = {
  file: 'leaderboard.csv',
  render(board) {
    const rows = board.bundles.flatMap((b) => [
      ...b.lossless.map((e) => row(b.name, b.version, 'lossless', e)),
      ...b.lossy.map((e) => row(b.name, b.version, 'lossy', e)),
    ]);
    return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
  },
};
