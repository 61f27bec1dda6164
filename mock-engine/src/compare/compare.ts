/**
 * Measured results against expected ones, one row per figure. Deterministic
 * figures (sizes, ratios, digests, round trip, distortion, codec extras) and
 * the normalised CAQ are gated at the tolerance, digests and verdict strings
 * exactly; anything present on one side only fails.
 *
 * The gated CAQ is `caq_norm = ratio / (cpu_ref_units × S + 1)` on both sides,
 * S being the expected run's median reference time: CPU in reference units
 * (what a busy or slower machine does not move) put back into the expected
 * machine's seconds, so the figure stays on CAQ's published scale. Raw CAQ is
 * `info`; raw CPU seconds and reference units are `info` unless `gateCpu`.
 */
import { EngineError } from '../errors.js';
import { mean } from '../metrics/summary.js';
import { normalisedCaq } from '../metrics/reference-units.js';
import type { CodecResult, FileResult, Results } from '../results.js';
import { AGGREGATE_FILE, BUNDLE_FILE, type Comparison, type ComparisonOptions, type ComparisonRow } from './types.js';

type Value = number | string | boolean | null;
/** A figure: its name, the manifest metric group it belongs to, and its value. */
type Figure = [metric: string, group: string, value: Value];

const ALWAYS_GATED = new Set(['roundtrip', 'presence', 'bundle']);
/** Figures shown for information only, whatever the options. */
const NEVER_GATED = 'info';

function fileFigures(f: FileResult, scale: number): Figure[] {
  const figures: Figure[] = [
    ['compressed_bytes', 'compressed_bytes', f.compressed_bytes],
    ['ratio', 'ratio', f.ratio],
    ['compressed_sha256', 'compressed_sha256', f.compressed_sha256],
    ['roundtrip', 'roundtrip', f.roundtrip],
    ['caq_norm', 'caq', normalisedCaq(f.ratio, f.cpu_ref_units, scale)],
    ['caq', NEVER_GATED, f.caq],
    ['cpu_ref_units', 'cpu_s', f.cpu_ref_units],
    ['encode_cpu_s', 'cpu_s', f.encode_cpu_s.median],
    ['decode_cpu_s', 'cpu_s', f.decode_cpu_s.median],
    ['cpu_s', 'cpu_s', f.cpu_s],
  ];
  if (f.distortion !== null) {
    for (const [k, v] of Object.entries(f.distortion)) figures.push([`distortion.${k}`, 'distortion', v as Value]);
  }
  for (const [k, v] of Object.entries(f.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
    figures.push([`extra.${k}`, 'extra', v]);
  return figures;
}

function aggregateFigures(c: CodecResult, scale: number): Figure[] {
  const a = c.aggregate;
  const figures: Figure[] = [
    ['compressed_bytes', 'compressed_bytes', a.compressed_bytes],
    ['ratio', 'ratio', a.ratio],
    ['caq_norm', 'caq', normalisedCaq(a.ratio, a.cpu_ref_units, scale)],
    ['mean_file_ratio', 'ratio', a.mean_file_ratio],
    [
      'mean_file_caq_norm',
      'caq',
      c.files.length > 0 ? mean(c.files.map((f) => normalisedCaq(f.ratio, f.cpu_ref_units, scale))) : null,
    ],
    ['caq', NEVER_GATED, a.caq],
    ['mean_file_caq', NEVER_GATED, a.mean_file_caq],
    ['cpu_ref_units', 'cpu_s', a.cpu_ref_units],
    ['cpu_s', 'cpu_s', a.cpu_s],
  ];
  if (a.mean_snr_db !== undefined) figures.push(['mean_snr_db', 'distortion', a.mean_snr_db]);
  if (a.mean_bits_per_value !== undefined) figures.push(['mean_bits_per_value', 'distortion', a.mean_bits_per_value]);
  return figures;
}

/**
 * The expected run's median reference time: the scale of every gated CAQ.
 * Results without it predate reference normalisation; their CPU cannot be put
 * on a common scale, so the comparison refuses them rather than guess.
 */
function referenceSeconds(r: Results, side: 'measured' | 'expected'): number {
  const s = (r as Partial<Results>).reference?.cpu_s?.median;
  if (typeof s !== 'number' || !(s > 0) || typeof r.reference.workload !== 'string') {
    throw new EngineError(
      'E_IO',
      `the ${side} results have no reference timing (reference.cpu_s), so their CAQ cannot be normalised`,
      {
        field: '/reference',
        hint: 'they were written by an engine older than reference normalisation; re-run, or re-record expected/results.json, with this engine',
      },
    );
  }
  return s;
}

export function compareResults(measured: Results, expected: Results, opts: ComparisonOptions): Comparison {
  referenceSeconds(measured, 'measured');
  const scale = referenceSeconds(expected, 'expected');
  const rows: ComparisonRow[] = [];
  const gated = (group: string): boolean => {
    if (group === NEVER_GATED) return false;
    if (ALWAYS_GATED.has(group)) return true;
    if (group === 'cpu_s') return opts.gateCpu || (opts.metrics?.includes('cpu_s') ?? false);
    return (
      opts.metrics === undefined ||
      opts.metrics.includes(group) ||
      (group === 'extra' && opts.metrics.includes('distortion'))
    );
  };
  const row = (codec: string, file: string, [metric, group, e]: Figure, m: Value | undefined): void => {
    const measuredValue = m === undefined ? null : m;
    let diff: number | null = null;
    let ok: boolean;
    if (typeof e === 'number' && typeof measuredValue === 'number') {
      diff = e === 0 ? (measuredValue === 0 ? 0 : null) : (measuredValue - e) / Math.abs(e);
      ok = diff !== null && Math.abs(diff) <= opts.tolerance;
    } else ok = m !== undefined && e === measuredValue;
    rows.push({
      codec,
      file,
      metric,
      expected: e,
      measured: measuredValue,
      relative_difference: diff,
      verdict: gated(group) ? (ok ? 'ok' : 'FAIL') : 'info',
    });
  };
  const presence = (codec: string, file: string, inExpected: boolean): void =>
    row(codec, file, ['present', 'presence', inExpected ? 'present' : 'missing'], inExpected ? 'missing' : 'present');

  row('', BUNDLE_FILE, ['manifest_sha256', 'bundle', expected.bundle.manifest_sha256], measured.bundle.manifest_sha256);
  // Reference units are only comparable when both runs timed the very same workload.
  row('', BUNDLE_FILE, ['reference.workload', 'bundle', expected.reference.workload], measured.reference.workload);
  row('', BUNDLE_FILE, ['reference.cpu_s', NEVER_GATED, scale], measured.reference.cpu_s.median);
  for (const e of expected.codecs) {
    const m = measured.codecs.find((c) => c.codec === e.codec);
    if (m === undefined) {
      presence(e.codec, AGGREGATE_FILE, true);
      continue;
    }
    for (const ef of e.files) {
      const mf = m.files.find((f) => f.file === ef.file);
      if (mf === undefined) {
        presence(e.codec, ef.file, true);
        continue;
      }
      const measuredFigures = new Map(fileFigures(mf, scale).map(([metric, , v]) => [metric, v]));
      for (const figure of fileFigures(ef, scale)) row(e.codec, ef.file, figure, measuredFigures.get(figure[0]));
    }
    for (const mf of m.files) if (!e.files.some((f) => f.file === mf.file)) presence(e.codec, mf.file, false);
    const measuredAggregate = new Map(aggregateFigures(m, scale).map(([metric, , v]) => [metric, v]));
    for (const figure of aggregateFigures(e, scale))
      row(e.codec, AGGREGATE_FILE, figure, measuredAggregate.get(figure[0]));
  }
  for (const m of measured.codecs)
    if (!expected.codecs.some((c) => c.codec === m.codec)) presence(m.codec, AGGREGATE_FILE, false);
  const failures = rows.filter((r) => r.verdict === 'FAIL').length;
  return {
    tolerance: opts.tolerance,
    gate_cpu: opts.gateCpu,
    reference_s: scale,
    pass: failures === 0,
    failures,
    compared: rows.filter((r) => r.verdict === 'ok').length,
    rows,
    unstable: measured.codecs.filter((c) => c.stability?.unstable === true).map((c) => c.codec),
  };
}
