/**
 * The rate–distortion chart of a reproduction as inline SVG (no script, no
 * network): SNR in dB against bits per value, the ALCM's epochs as points, each
 * lossy peer's curve, and the source's two bounds (rd-bound.ts) dashed.
 * Deterministic: coordinates are printed to 0.1 px.
 */
import { escapeXml } from '../format/escape-xml.js';
import type { ReproduceReport } from './index.js';

const W = 760;
const H = 440;
const M = { left: 60, right: 200, top: 20, bottom: 50 };
const COLOURS: Record<string, string> = {
  alcm: '#c0392b',
  quantize: '#2471a3',
  zfp: '#229954',
  lower: '#7d3c98',
  upper: '#7d3c98',
};

interface Series {
  id: string;
  label: string;
  points: Array<[number, number]>;
  kind: 'points' | 'line' | 'dashed';
}

function series(r: ReproduceReport): Series[] {
  const ed = r.equal_distortion;
  const out: Series[] = [
    {
      id: 'alcm',
      label: 'ALCM (10 epochs)',
      kind: 'points',
      points: r.epochs.map((e) => [(8 * e.alcm.bytes) / (e.originalBytes / 4), e.distortion.snr_db ?? 0]),
    },
  ];
  for (const [codec, curve] of Object.entries(ed.curves)) {
    out.push({
      id: codec,
      label: codec === 'zfp' ? 'zfp -r (fixed rate)' : `${codec} (abs bound)`,
      kind: 'line',
      points: curve.map((p) => [p.bits_per_value, p.snr_db]),
    });
  }
  out.push({
    id: 'upper',
    label: 'source R(D), high-rate',
    kind: 'dashed',
    points: ed.bound.map((b) => [b.upper_bits, b.snr_db]),
  });
  out.push({
    id: 'lower',
    label: 'lower bound (mask free)',
    kind: 'dashed',
    points: ed.bound.map((b) => [b.lower_bits, b.snr_db]),
  });
  return out;
}

const f = (v: number): string => v.toFixed(1);

export function renderRdChart(r: ReproduceReport): string {
  const all = series(r);
  const xs = all.flatMap((s) => s.points.map((p) => p[0]));
  const ys = all.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = [0, Math.ceil(Math.max(...xs) + 0.5)];
  const [y0, y1] = [Math.floor(Math.min(...ys) / 5) * 5, Math.ceil(Math.max(...ys) / 5) * 5];
  const px = (x: number): number => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number): number => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  for (let x = x0; x <= x1; x += 2)
    parts.push(
      `<line x1="${f(px(x))}" y1="${f(py(y0))}" x2="${f(px(x))}" y2="${f(py(y1))}" stroke="#ddd"/><text x="${f(px(x))}" y="${f(H - M.bottom + 18)}" text-anchor="middle">${x}</text>`,
    );
  for (let y = y0; y <= y1; y += 5)
    parts.push(
      `<line x1="${f(px(x0))}" y1="${f(py(y))}" x2="${f(px(x1))}" y2="${f(py(y))}" stroke="#ddd"/><text x="${f(M.left - 8)}" y="${f(py(y) + 4)}" text-anchor="end">${y}</text>`,
    );
  all.forEach((s, i) => {
    const colour = COLOURS[s.id] ?? '#555';
    const cls = `series-${escapeXml(s.id)}`;
    if (s.kind === 'points') {
      parts.push(
        `<g class="${cls}" fill="${colour}">${s.points.map(([x, y]) => `<circle cx="${f(px(x))}" cy="${f(py(y))}" r="4"/>`).join('')}</g>`,
      );
    } else {
      const d = s.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${f(px(x))},${f(py(y))}`).join(' ');
      parts.push(
        `<path class="${cls}" d="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.kind === 'dashed' ? ` stroke-dasharray="${s.id === 'lower' ? '2 4' : '6 4'}"` : ''}/>`,
      );
    }
    const ly = M.top + 16 + 20 * i;
    parts.push(
      `<rect x="${W - M.right + 14}" y="${ly - 9}" width="14" height="4" fill="${colour}"/><text x="${W - M.right + 34}" y="${ly - 4}">${escapeXml(s.label)}</text>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="rd-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12" role="img" aria-label="rate–distortion chart">`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`,
    ...parts,
    `<text x="${f((M.left + W - M.right) / 2)}" y="${H - 12}" text-anchor="middle">bits per value</text>`,
    `<text transform="translate(16 ${f((M.top + H - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">SNR (dB)</text>`,
    '</svg>',
  ].join('\n');
}
