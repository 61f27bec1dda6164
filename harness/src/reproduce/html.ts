/**
 * `reproduce --html FILE`: the text report's content as one self-contained page
 * (inline CSS and SVG, no script, no network): the published figures with
 * their verdicts, the lossy peers at the ALCM's SNR, the verdict on the
 * headline and the rate–distortion chart.
 */
import { escapeXml } from '../format/escape-xml.js';
import type { ReproduceReport } from './index.js';
import { renderRdChart } from './rd-chart.js';
import { headlineVerdict } from './render.js';

const cell = (v: string | number): string => `<td>${escapeXml(String(v))}</td>`;
const row = (cells: Array<string | number>): string => `<tr>${cells.map(cell).join('')}</tr>`;
const head = (cells: string[]): string => `<tr>${cells.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;

export function renderReportHtml(r: ReproduceReport): string {
  const figures = r.figures.map((f) =>
    row([
      f.label,
      f.published.toFixed(f.decimals),
      f.measured.toFixed(f.decimals + 2),
      `${(f.relativeDifference * 100).toFixed(2)}%`,
      f.verdict,
    ]),
  );
  const peers = r.equal_distortion.rows.map((e) =>
    row([
      e.codec,
      String(e.epoch),
      Object.entries(e.params)
        .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
        .join(', '),
      e.target_snr_db.toFixed(2),
      e.snr_db.toFixed(2),
      e.ratio.toFixed(4),
      e.bits_per_value.toFixed(3),
      e.ratio_vs_alcm.toFixed(2),
    ]),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ALCM H.3 reproduction</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}.verdict{font-weight:bold}</style>
</head>
<body>
<h1>ALCM H.3 reproduction</h1>
<p>${r.epochs.length} epochs of 100×100 gradients; a figure reproduces when |measured − published| ≤ ${(r.tolerance * 100).toFixed(1)}% of the published value.</p>
<h2>Published figures</h2>
<table id="figures">
${head(['figure', 'published', 'measured', 'difference', 'verdict'])}
${figures.join('\n')}
</table>
<h2>Lossy peers at the ALCM's SNR</h2>
<table id="equal-distortion">
${head(['codec', 'epoch', 'setting', 'target dB', 'SNR dB', 'ratio', 'bits/value', '× ALCM'])}
${peers.join('\n')}
</table>
${r.equal_distortion.notes.map((n) => `<p>note: ${escapeXml(n)}</p>`).join('\n')}
<p class="verdict">${escapeXml(headlineVerdict(r))}</p>
<h2>Rate–distortion</h2>
${renderRdChart(r)}
<p>Source bound: X = B·Z, B ~ Bernoulli(0.7), Z ~ N(0, 1), MSE; lower: p·½·log2(p/D) (the mask known for free), upper: that plus h(0.7) = 0.881 bits (the mask sent losslessly), which the true R(D) approaches at high rate.</p>
</body>
</html>
`;
}
