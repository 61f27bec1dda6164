import type { BundleBoard, Entry, RateDistortion } from '../types.js';
import { escapeXml } from '../../../harness/src/format/escape-xml.js';
import type { Exporter } from './exporter.js';
import { columns } from './format.js';
import { rdChartSvg } from './rd-chart.js';
import { rdColumns, rdNote } from './rd-columns.js';
import { scatterSvg } from './svg-chart.js';

// The page loads nothing: inline style, inline SVG, and a policy that would block anything else.
const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111827; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #d1d5db; padding: 0.3rem 0.6rem; }
th { background: #f3f4f6; }
td.right { text-align: right; font-variant-numeric: tabular-nums; }
tr.pareto td:first-child { border-left: 4px solid #c2410c; }
code { font-size: 0.85em; }
.note { color: #4b5563; }
`;

const label = (e: Entry): string => `${e.codec} ${e.version}`;

function table(entries: Entry[], lossy: boolean, kind: string): string {
  if (entries.length === 0) return '<p class="note">No admitted submission.</p>';
  const cols = columns(lossy);
  const head = cols.map((c) => `<th>${escapeXml(c.header)}</th>`).join('');
  const rows = entries.map((e) => {
    const cells = cols
      .map((c) => `<td${c.align === 'right' ? ' class="right"' : ''}>${escapeXml(c.cell(e))}</td>`)
      .join('');
    return `<tr${e.pareto ? ' class="pareto"' : ''}>${cells}</tr>`;
  });
  return `<table class="ranking ${kind}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function ratioChart(entries: Entry[], title: string): string {
  return scatterSvg({
    title,
    xLabel: 'CPU seconds (encode + decode)',
    yLabel: 'compression ratio',
    points: entries.map((e) => ({ label: label(e), x: e.cpu_s, y: e.ratio, front: e.pareto })),
    better: { x: 'low', y: 'high' },
    nonNegative: { x: true, y: true },
  });
}

function rdTable(rd: RateDistortion): string {
  const cols = rdColumns(rd);
  const head = cols.map((c) => `<th>${escapeXml(c.header)}</th>`).join('');
  const rows = rd.curves.map(
    (curve) =>
      `<tr>${cols.map((c) => `<td${c.align === 'right' ? ' class="right"' : ''}>${escapeXml(c.cell(curve))}</td>`).join('')}</tr>`,
  );
  return `<table class="ranking bd-rate"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>\n<p class="note">${escapeXml(rdNote(rd))}</p>`;
}

function section(bundle: BundleBoard): string {
  const parts = [
    `<section class="bundle" id="${escapeXml(`${bundle.name}-${bundle.version}`)}">`,
    `<h2>${escapeXml(bundle.name)} ${escapeXml(bundle.version)}</h2>`,
    `<p class="note">Bundle digest <code>${escapeXml(bundle.manifest_sha256)}</code></p>`,
    '<h3>Lossless codecs, ranked by CAQ</h3>',
    table(bundle.lossless, false, 'lossless'),
    ratioChart(bundle.lossless, `${bundle.name}: ratio against CPU time (lossless)`),
  ];
  if (bundle.lossy.length > 0) {
    parts.push('<h3>Lossy codecs, ranked apart</h3>', table(bundle.lossy, true, 'lossy'));
    parts.push(ratioChart(bundle.lossy, `${bundle.name}: ratio against CPU time (lossy)`));
  }
  if (bundle.rate_distortion !== null) {
    parts.push(
      '<h3>Lossy codecs by BD-rate</h3>',
      rdChartSvg(`${bundle.name}: rate–distortion (lossy codecs)`, bundle.rate_distortion),
      rdTable(bundle.rate_distortion),
    );
  }
  parts.push('</section>');
  return parts.filter((p) => p !== '').join('\n');
}

function rejectedSection(board: Parameters<Exporter['render']>[0]): string {
  if (board.rejected.length === 0) return '<h2>Rejected reports</h2>\n<p class="note">None.</p>';
  const rows = board.rejected.map(
    (r) =>
      `<tr><td>${escapeXml(r.report)}</td><td>${escapeXml(r.kind)}</td><td>${escapeXml(r.code)}</td><td>${escapeXml(r.reason)}</td></tr>`,
  );
  return `<h2>Rejected reports</h2>\n<table class="rejected"><thead><tr><th>Report</th><th>Kind</th><th>Class</th><th>Reason</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export const htmlExporter: Exporter = {
  file: 'index.html',
  render(board) {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>caqbench leaderboard</title>
<style>${STYLE}</style>
</head>
<body>
<h1>caqbench leaderboard</h1>
<p class="note">CAQ = compression ratio / (CPU seconds + 1). Only PASS reports with a maintainer re-run, signed by a trusted maintainer key, are ranked,
by the figures the maintainer measured; the submitter's claim is beside them. A PASS without a re-run (the claim is only internally consistent)
is listed under the rejected reports as “not re-run”. “(unsealed)”: the maintainer re-ran the codec outside the sandbox.
Δ compares the maintainer's re-run with the bundle's baseline measured in the same validation. A left bar marks the ratio-vs-CPU Pareto front.
“(unstable)” beside CPU seconds: the runs' CPU spread (MAD / median) exceeded the timing protocol's threshold; flagged, not hidden.
Lossy codecs are ranked in their own table.</p>
${board.bundles.map(section).join('\n')}
${rejectedSection(board)}
<p class="note">caqbench ${escapeXml(board.tool_version)}</p>
</body>
</html>
`;
  },
};
