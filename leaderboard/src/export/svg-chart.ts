import { escapeXml } from '../../../harness/src/format/escape-xml.js';

export interface ChartPoint {
  label: string;
  x: number;
  y: number;
  front: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  points: ChartPoint[];
  /** Which way is better on each axis: the front is drawn as the staircase between its points. */
  better: { x: 'low' | 'high'; y: 'low' | 'high' };
  /** Quantities that cannot be negative (seconds, ratios, bits): the axis stops at 0. */
  nonNegative: { x: boolean; y: boolean };
}

const W = 720;
const H = 400;
const M = { left: 72, right: 150, top: 40, bottom: 56 };

interface Axis {
  log: boolean;
  min: number;
  max: number;
  ticks: number[];
}

/** Round tick steps (1, 2, 5 × 10ⁿ); a log axis when the values are positive and span more than 20×. */
function axis(values: number[], nonNegative: boolean): Axis {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo > 0 && hi / lo > 20) {
    const min = 10 ** Math.floor(Math.log10(lo));
    const max = 10 ** Math.ceil(Math.log10(hi));
    const ticks: number[] = [];
    for (let t = min; t <= max * 1.0001; t *= 10) ticks.push(t);
    return { log: true, min, max, ticks };
  }
  const pad = hi === lo ? Math.max(Math.abs(hi) * 0.5, 1) : (hi - lo) * 0.08;
  const span = hi - lo + 2 * pad;
  const raw = span / 5;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * unit >= raw) ?? 10) * unit;
  const min = Math.floor((nonNegative ? Math.max(0, lo - pad) : lo - pad) / step) * step;
  const max = Math.ceil((hi + pad) / step) * step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { log: false, min, max, ticks };
}

function scale(a: Axis, value: number, from: number, to: number): number {
  const f = a.log
    ? (Math.log10(value) - Math.log10(a.min)) / (Math.log10(a.max) - Math.log10(a.min))
    : (value - a.min) / (a.max - a.min);
  return from + f * (to - from);
}

const tickText = (t: number): string =>
  Math.abs(t) >= 1000 || (t !== 0 && Math.abs(t) < 0.001) ? t.toExponential(0) : String(t);

/** A drawing area: the SVG's opening parts (title, grid, ticks, axis labels) and the maps from data to pixels. */
export interface Frame {
  parts: string[];
  px(x: number): number;
  py(y: number): number;
}

const n = (v: number): string => v.toFixed(1);
/** Pixel coordinates as the SVG writes them. */
export { n as coord };

/** The frame every chart shares, its axes fitted to the values (spec.points are not drawn here). */
export function chartFrame(spec: Omit<ChartSpec, 'points' | 'better'>, xs: number[], ys: number[]): Frame {
  const xa = axis(xs, spec.nonNegative.x);
  const ya = axis(ys, spec.nonNegative.y);
  const px = (x: number): number => scale(xa, x, M.left, W - M.right);
  const py = (y: number): number => scale(ya, y, H - M.bottom, M.top);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of xa.ticks) {
    parts.push(`<line x1="${n(px(t))}" y1="${M.top}" x2="${n(px(t))}" y2="${H - M.bottom}" stroke="#e5e7eb"/>`);
    parts.push(
      `<text x="${n(px(t))}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${tickText(t)}</text>`,
    );
  }
  for (const t of ya.ticks) {
    parts.push(`<line x1="${M.left}" y1="${n(py(t))}" x2="${W - M.right}" y2="${n(py(t))}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${M.left - 6}" y="${n(py(t) + 4)}" text-anchor="end" font-size="11">${tickText(t)}</text>`);
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#374151"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}${xa.log ? ' (log scale)' : ''}</text>`,
    `<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(spec.yLabel)}</text>`,
  );
  return { parts, px, py };
}

/** Where a chart's legend starts: right of the drawing area. */
export const LEGEND = { x: W - M.right + 14, y: M.top + 10 };

/**
 * A scatter plot as inline SVG (no script, no font or style from outside): the Pareto
 * front drawn as a line through its points and filled markers, the others hollow.
 */
export function scatterSvg(spec: ChartSpec): string {
  if (spec.points.length === 0) return '';
  const { parts, px, py } = chartFrame(
    spec,
    spec.points.map((p) => p.x),
    spec.points.map((p) => p.y),
  );
  const front = spec.points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  if (front.length > 1) {
    // Between two front points the boundary of what they dominate runs level, then turns.
    const steps = front.flatMap((p, i) => {
      const prev = front[i - 1];
      if (prev === undefined) return [p];
      const corner =
        (spec.better.x === 'low') === (spec.better.y === 'high') ? { x: p.x, y: prev.y } : { x: prev.x, y: p.y };
      return [corner, p];
    });
    parts.push(
      `<polyline class="pareto-front" fill="none" stroke="#c2410c" stroke-width="2" stroke-dasharray="6 3" points="${steps.map((p) => `${n(px(p.x))},${n(py(p.y))}`).join(' ')}"/>`,
    );
  }
  for (const p of spec.points) {
    const style = p.front ? 'fill="#c2410c" stroke="#7c2d12"' : 'fill="#ffffff" stroke="#1d4ed8" stroke-width="2"';
    parts.push(
      `<circle class="${p.front ? 'point front' : 'point'}" cx="${n(px(p.x))}" cy="${n(py(p.y))}" r="5" ${style}><title>${escapeXml(p.label)}</title></circle>`,
    );
    parts.push(`<text x="${n(px(p.x) + 8)}" y="${n(py(p.y) - 6)}" font-size="11">${escapeXml(p.label)}</text>`);
  }
  const { x: lx, y: ly } = LEGEND;
  parts.push(
    `<circle cx="${lx}" cy="${ly}" r="5" fill="#c2410c" stroke="#7c2d12"/><text x="${lx + 10}" y="${ly + 4}" font-size="11">Pareto front</text>`,
    `<circle cx="${lx}" cy="${ly + 20}" r="5" fill="#ffffff" stroke="#1d4ed8" stroke-width="2"/><text x="${lx + 10}" y="${ly + 24}" font-size="11">dominated</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
