import type { BundleBoard, Entry, RateDistortion } from '../types.js';
import type { Exporter } from './exporter.js';
import { columns } from './format.js';
import { rdColumns, rdNote } from './rd-columns.js';

/** Pipes and line breaks would end a cell early; submitter names are free text. */
const cell = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');

function table(entries: Entry[], lossy: boolean): string[] {
  if (entries.length === 0) return ['_No admitted submission._', ''];
  const cols = columns(lossy);
  return [
    `| ${cols.map((c) => c.header).join(' | ')} |`,
    `|${cols.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`,
    ...entries.map((e) => `| ${cols.map((c) => cell(c.cell(e))).join(' | ')} |`),
    '',
  ];
}

function rdTable(rd: RateDistortion): string[] {
  const cols = rdColumns(rd);
  return [
    '### Lossy codecs by BD-rate',
    '',
    `| ${cols.map((c) => c.header).join(' | ')} |`,
    `|${cols.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`,
    ...rd.curves.map((curve) => `| ${cols.map((c) => cell(c.cell(curve))).join(' | ')} |`),
    '',
    rdNote(rd),
    '',
  ];
}

function bundleSection(bundle: BundleBoard): string[] {
  const lines = [
    `## ${bundle.name} ${bundle.version}`,
    '',
    `Bundle digest \`${bundle.manifest_sha256}\`.`,
    '',
    '### Lossless codecs, ranked by CAQ',
    '',
    ...table(bundle.lossless, false),
  ];
  if (bundle.lossy.length > 0) lines.push('### Lossy codecs, ranked apart', '', ...table(bundle.lossy, true));
  if (bundle.rate_distortion !== null) lines.push(...rdTable(bundle.rate_distortion));
  return lines;
}

export const markdownExporter: Exporter = {
  file: 'leaderboard.md',
  render(board) {
    const lines = [
      '# caqbench leaderboard',
      '',
      'CAQ = compression ratio / (CPU seconds + 1). Only PASS reports with a maintainer re-run, signed by a trusted maintainer key, are ranked,',
      "by the figures the maintainer measured; the submitter's claim is beside them. A PASS without a re-run (the claim is only internally",
      'consistent) is listed under the rejected reports as "not re-run". "(unsealed)": the maintainer re-ran the codec outside the sandbox.',
      "Δ compares the maintainer's re-run with the bundle's baseline measured in the same validation. ★ marks the ratio-vs-CPU Pareto front.",
      '"(unstable)" beside CPU seconds: the runs\' CPU spread (MAD / median) exceeded the timing protocol\'s threshold; flagged, not hidden.',
      '',
      ...board.bundles.flatMap(bundleSection),
      '## Rejected reports',
      '',
    ];
    if (board.rejected.length === 0) lines.push('_None._', '');
    else
      lines.push(
        '| Report | Class | Reason |',
        '|:---|:---|:---|',
        ...board.rejected.map((r) => `| ${cell(r.report)} | ${r.code} | ${cell(r.reason)} |`),
        '',
      );
    return lines.join('\n');
  },
};
