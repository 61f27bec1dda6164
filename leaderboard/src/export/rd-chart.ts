import type { RateDistortion } from '../types.js';
import { escapeXml } from '../../../harness/src/format/escape-xml.js';
import { chartFrame, coord, LEGEND } from './svg-chart.js';

// Distinguishable on white and for the common colour-vision deficiencies (Okabe–Ito), then greys.
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#6b7280'];

/**
 * The rate–distortion chart of a bundle's lossy codecs as inline SVG: bits per value
 * against SNR (dB), one line per codec version through its operating points, the
 * reference baseline dashed, the source's R(D) bounds as a band when known, and a legend
 * with each curve's BD-rate.
 */
export function rdChartSvg(title: string, rd: RateDistortion): string {
  const points = rd.curves.flatMap((c) => c.points);
  if (points.length === 0) return '';
  const bound = rd.source_bound?.points ?? [];
  const { parts, px, py } = chartFrame(
    { title, xLabel: 'bits per value', yLabel: 'SNR (dB)', nonNegative: { x: true, y: false } },
    [...points.map((p) => p.bits_per_value), ...bound.flatMap((b) => [b.lower_bits, b.upper_bits])],
    [...points.map((p) => p.snr_db), ...bound.map((b) => b.snr_db)],
  );
  const legendOffset = bound.length === 0 ? 0 : 1;
  if (bound.length > 0) {
    // The source's R(D) lies in this band: no codec can be left of its lower edge.
    const edge = (pick: (b: (typeof bound)[number]) => number, order: typeof bound): string =>
      order.map((b) => `${coord(px(pick(b)))},${coord(py(b.snr_db))}`).join(' ');
    parts.push(
      `<g class="source-bound"><polygon fill="#9ca3af" fill-opacity="0.3" stroke="none" points="${edge((b) => b.lower_bits, bound)} ${edge((b) => b.upper_bits, [...bound].reverse())}"/>`,
      `<polyline fill="none" stroke="#4b5563" stroke-width="1.5" points="${edge((b) => b.lower_bits, bound)}"/>`,
      `<polyline fill="none" stroke="#4b5563" stroke-width="1" stroke-dasharray="2 2" points="${edge((b) => b.upper_bits, bound)}"/></g>`,
      `<rect x="${LEGEND.x - 6}" y="${LEGEND.y - 5}" width="12" height="10" fill="#9ca3af" fill-opacity="0.5"/>`,
      `<text x="${LEGEND.x + 10}" y="${LEGEND.y + 4}" font-size="10">source R(D) bounds<tspan x="${LEGEND.x + 10}" dy="11" fill="#4b5563">(README)</tspan></text>`,
    );
  }
  rd.curves.forEach((curve, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const isReference = curve.codec === rd.reference.codec && curve.version === rd.reference.version;
    const name = `${curve.codec} ${curve.version}`;
    parts.push(`<g class="rd-curve${isReference ? ' reference' : ''}" data-codec="${escapeXml(name)}">`);
    if (curve.points.length > 1) {
      const line = curve.points.map((p) => `${coord(px(p.bits_per_value))},${coord(py(p.snr_db))}`).join(' ');
      parts.push(
        `<polyline fill="none" stroke="${colour}" stroke-width="2"${isReference ? ' stroke-dasharray="6 3"' : ''} points="${line}"/>`,
      );
    }
    for (const p of curve.points) {
      const tip = `${name}: ${p.bits_per_value.toFixed(3)} bits/value, SNR ${p.snr_db.toFixed(2)} dB, CAQ ${p.caq.toFixed(4)}`;
      parts.push(
        `<circle class="point" cx="${coord(px(p.bits_per_value))}" cy="${coord(py(p.snr_db))}" r="4" fill="${colour}"><title>${escapeXml(tip)}</title></circle>`,
      );
    }
    parts.push('</g>');
    const y = LEGEND.y + (i + legendOffset) * 28;
    // The legend column is narrow: the BD-rate goes on a second line.
    const bd = isReference
      ? 'reference'
      : curve.bd_rate_pct === null
        ? 'no BD-rate'
        : `BD-rate ${curve.bd_rate_pct >= 0 ? '+' : ''}${curve.bd_rate_pct.toFixed(1)}%`;
    parts.push(
      `<line x1="${LEGEND.x - 6}" y1="${y}" x2="${LEGEND.x + 6}" y2="${y}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${LEGEND.x + 10}" y="${y + 4}" font-size="10">${escapeXml(name)}<tspan x="${LEGEND.x + 10}" dy="11" fill="#4b5563">${escapeXml(bd)}</tspan></text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
