/** The comparison as a fixed-width table ending with a one-line verdict. */
import type { Comparison, ComparisonRow } from './types.js';

const MAX_CELL = 32;

function show(value: ComparisonRow['expected']): string {
  if (value === null) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e7) return value.toPrecision(7).replace(/\.?0+$/, '');
    return value.toExponential(5).replace(/\.?0+e/, 'e');
  }
  if (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)) return `${value.slice(0, 16)}…`;
  // Long descriptions (the reference workload) would widen every row; the diff column says whether they match.
  if (typeof value === 'string' && value.length > MAX_CELL) return `${value.slice(0, MAX_CELL - 1)}…`;
  return String(value);
}

function difference(row: ComparisonRow): string {
  if (row.relative_difference !== null) {
    const pct = row.relative_difference * 100;
    return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
  }
  return row.expected === row.measured ? 'same' : 'differs';
}

export function percent(tolerance: number): string {
  return `±${Number((tolerance * 100).toFixed(4))}%`;
}

/** What the gated CAQ is, in words: printed under every table so a reader knows what passed or failed. */
export function gatedCaqNote(c: Comparison): string {
  return (
    `CAQ gated as caq_norm = ratio / (cpu_ref_units × ${show(c.reference_s)} s + 1): cpu_ref_units is CPU in reference-workload units ` +
    "(per call, codec CPU / the reference CPU timed beside it; the smallest per stage), times the expected run's median reference time. " +
    `Raw caq is information; CPU seconds and reference units are ${c.gate_cpu ? 'gated' : 'information'}.`
  );
}

/** Flagged, not hidden: the measured codecs whose runs still spread after a re-measure. */
export function unstableNote(unstable: readonly string[]): string {
  const shown = unstable.length > 5 ? `${unstable.slice(0, 5).join('; ')}; …` : unstable.join('; ');
  return `Unstable timing: ${unstable.length} codec(s) whose runs still spread beyond the threshold after a re-measure (flagged, figures kept): ${shown}`;
}

export function formatComparison(c: Comparison): string {
  const header = ['codec', 'file', 'metric', 'expected', 'measured', 'diff', 'verdict'];
  const cells = c.rows.map((r) => [
    r.codec,
    r.file,
    r.metric,
    show(r.expected),
    show(r.measured),
    difference(r),
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const numeric = new Set([3, 4, 5]);
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), gatedCaqNote(c)];
  if (c.unstable.length > 0) out.push(unstableNote(c.unstable));
  const info = c.rows.length - c.compared - c.failures;
  const cpuNote = c.gate_cpu ? 'CPU seconds gated' : 'CPU seconds not gated';
  if (c.pass) {
    out.push(
      `PASS: all ${c.compared} compared figures within ${percent(c.tolerance)} (${info} shown for information; ${cpuNote})`,
    );
  } else {
    const failed = c.rows
      .filter((r) => r.verdict === 'FAIL')
      .map((r) => `${r.codec || r.file}${r.codec ? ` ${r.file}` : ''} ${r.metric}`);
    const named = failed.length > 5 ? `${failed.slice(0, 5).join('; ')}; …` : failed.join('; ');
    out.push(
      `FAIL: ${c.failures} of ${c.compared + c.failures} compared figures outside ${percent(c.tolerance)}: ${named}`,
    );
  }
  return `${out.join('\n')}\n`;
}
