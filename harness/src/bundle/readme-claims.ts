import type { CodecResult, FileResult, Results } from '../../../mock-engine/src/results.js';
import type { ReadmeClaims } from './recipe-types.js';
import { table } from './readme-tables.js';

/**
 * The README section that sets published claims beside what the bundle
 * measures. The claims and the question are the recipe's words; every figure
 * is computed here from the recorded reference run, so re-recording updates
 * them and no number is ever typed in.
 */

/** Files by checkpoint: the folder right under data/ (`data/x2`), or data/ itself. */
function groupOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]!;
}

function ratioOf(files: FileResult[]): number {
  return files.reduce((n, f) => n + f.original_bytes, 0) / files.reduce((n, f) => n + f.compressed_bytes, 0);
}

/** (max − min) / mean, in percent: the definition reproduce uses for the published "CAQ variance" (harness/src/reproduce/published.ts). */
function spreadPct(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return ((Math.max(...values) - Math.min(...values)) / mean) * 100;
}

const snr = (f: FileResult): number => f.distortion?.snr_db ?? Number.POSITIVE_INFINITY;
const fmt = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : 'exact');

function codecRow(c: CodecResult, groups: string[]): string[] {
  const lossy = !c.lossless;
  const snrs = c.files.map(snr).filter(Number.isFinite);
  return [
    c.codec,
    lossy ? 'lossy' : 'lossless',
    c.aggregate.ratio.toFixed(4),
    ...groups.map((g) => ratioOf(c.files.filter((f) => groupOf(f.file) === g)).toFixed(4)),
    lossy && snrs.length > 0 ? fmt(snrs.reduce((a, b) => a + b, 0) / snrs.length, 2) : '—',
    lossy && snrs.length > 0 ? fmt(Math.min(...snrs), 2) : '—',
    lossy ? Math.max(...c.files.map((f) => f.distortion?.max_abs_error ?? 0)).toPrecision(3) : '0',
    `${spreadPct(c.files.map((f) => f.ratio)).toFixed(1)}%`,
    `${spreadPct(c.files.map((f) => f.caq)).toFixed(1)}%`,
  ];
}

/** Per lossy codec: its gain over the best lossless codec, its worst files, and figures it reports of itself. */
function lossyFindings(lossy: CodecResult, bestLossless: CodecResult | undefined): string[] {
  const lines: string[] = [];
  const n = lossy.files.length;
  if (bestLossless !== undefined) {
    lines.push(
      `- \`${lossy.codec}\`: ratio ${lossy.aggregate.ratio.toFixed(4)} over all ${n} files, ` +
        `${(lossy.aggregate.ratio / bestLossless.aggregate.ratio).toFixed(2)}× the best lossless codec's (${bestLossless.codec}, ${bestLossless.aggregate.ratio.toFixed(4)}), ` +
        `at a mean SNR of ${fmt(lossy.aggregate.mean_snr_db ?? NaN, 2)} dB.`,
    );
  }
  const capped = lossy.files.filter((f) => (f.extra?.drop_cap_exceeded ?? 0) > 0).length;
  if (lossy.files.some((f) => f.extra?.drop_cap_exceeded !== undefined))
    lines.push(`  Its drop ratio exceeded its own cap on ${capped} of ${n} files.`);
  const worst = [...lossy.files].sort((a, b) => snr(a) - snr(b)).slice(0, 3);
  lines.push(
    `  Worst files by SNR: ${worst.map((f) => `\`${f.file}\` (${f.original_bytes} B, ratio ${f.ratio.toFixed(3)}, ${fmt(snr(f), 2)} dB)`).join('; ')}.`,
  );
  const small = lossy.files.filter((f) => f.ratio < 1);
  if (small.length > 0)
    lines.push(
      `  It enlarges ${small.length} of ${n} files (ratio < 1), all of ${Math.max(...small.map((f) => f.original_bytes))} bytes or fewer.`,
    );
  return lines;
}

export function claimsSection(claims: ReadmeClaims | undefined, reference: Results): string {
  if (claims === undefined) return '';
  const files = reference.codecs[0]?.files ?? [];
  const groups = [...new Set(files.map((f) => groupOf(f.file)))].sort();
  const head = [
    'codec',
    'kind',
    'ratio',
    ...groups.map((g) => `ratio \`${g}/\``),
    'mean SNR dB',
    'worst SNR dB',
    'max abs error',
    'ratio spread',
    'CAQ spread',
  ];
  const lossless = reference.codecs.filter((c) => c.lossless).sort((a, b) => b.aggregate.ratio - a.aggregate.ratio)[0];
  const findings = reference.codecs.filter((c) => !c.lossless).flatMap((c) => lossyFindings(c, lossless));
  return `
## ${claims.title}

${claims.quotes.map((q) => `- “${q.quote}” (${q.where})`).join('\n')}

${claims.question.trim()}

Measured in this bundle's \`expected/results.json\` (the recorded reference run; sizes, ratios and distortion are the same on
every machine, CAQ is the recorded run's): ratio is Σ original / Σ compressed bytes; SNR per file, averaged or the worst; spread is
(max − min) / mean over the ${files.length} data files of the per-file ratio or CAQ, the definition \`reproduce alcm-h3\` uses for the
published "CAQ variance".

${table(
  head,
  reference.codecs.map((c) => codecRow(c, groups)),
)}

${findings.join('\n')}
`;
}
