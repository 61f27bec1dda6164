/**
 * Measured results against expected ones, one row per figure. Deterministic
 * figures (sizes, ratios, digests, round trip, distortion, codec extras) and
 * CAQ are gated at the tolerance, digests and verdict strings exactly; raw CPU
 * seconds are `info` unless `gateCpu`. Anything present on one side only fails.
 */
import type { CodecResult, FileResult, Results } from '../results.js';
import { AGGREGATE_FILE, BUNDLE_FILE, type Comparison, type ComparisonOptions, type ComparisonRow } from './types.js';

type Value = number | string | boolean | null;
/** A figure: its name, the manifest metric group it belongs to, and its value. */
type Figure = [metric: string, group: string, value: Value];

const ALWAYS_GATED = new Set(['roundtrip', 'presence', 'bundle']);

function fileFigures(f: FileResult): Figure[] {
  const figures: Figure[] = [
    ['compressed_bytes', 'compressed_bytes', f.compressed_bytes],
    ['ratio', 'ratio', f.ratio],
    ['compressed_sha256', 'compressed_sha256', f.compressed_sha256],
    ['roundtrip', 'roundtrip', f.roundtrip],
    ['caq', 'caq', f.caq],
    ['encode_cpu_s', 'cpu_s', f.encode_cpu_s.median],
    ['decode_cpu_s', 'cpu_s', f.decode_cpu_s.median],
    ['cpu_s', 'cpu_s', f.cpu_s],
  ];
  if (f.distortion !== null) {
    for (const [k, v] of Object.entries(f.distortion)) figures.push([`distortion.${k}`, 'distortion', v as Value]);
  }
  for (const [k, v] of Object.entries(f.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) figures.push([`extra.${k}`, 'extra', v]);
  return figures;
}

function aggregateFigures(c: CodecResult): Figure[] {
  const a = c.aggregate;
  const figures: Figure[] = [
    ['compressed_bytes', 'compressed_bytes', a.compressed_bytes],
    ['ratio', 'ratio', a.ratio],
    ['caq', 'caq', a.caq],
    ['mean_file_ratio', 'ratio', a.mean_file_ratio],
    ['mean_file_caq', 'caq', a.mean_file_caq],
    ['cpu_s', 'cpu_s', a.cpu_s],
  ];
  if (a.mean_snr_db !== undefined) figures.push(['mean_snr_db', 'distortion', a.mean_snr_db]);
  if (a.mean_bits_per_value !== undefined) figures.push(['mean_bits_per_value', 'distortion', a.mean_bits_per_value]);
  return figures;
}

export function compareResults(measured: Results, expected: Results, opts: ComparisonOptions): Comparison {
  const rows: ComparisonRow[] = [];
  const gated = (group: string): boolean => {
    if (ALWAYS_GATED.has(group)) return true;
    if (group === 'cpu_s') return opts.gateCpu || (opts.metrics?.includes('cpu_s') ?? false);
    return opts.metrics === undefined || opts.metrics.includes(group) || (group === 'extra' && opts.metrics.includes('distortion'));
  };
  const row = (codec: string, file: string, [metric, group, e]: Figure, m: Value | undefined): void => {
    const measuredValue = m === undefined ? null : m;
    let diff: number | null = null;
    let ok: boolean;
    if (typeof e === 'number' && typeof measuredValue === 'number') {
      diff = e === 0 ? (measuredValue === 0 ? 0 : null) : (measuredValue - e) / Math.abs(e);
      ok = diff !== null && Math.abs(diff) <= opts.tolerance;
    } else ok = m !== undefined && e === measuredValue;
    rows.push({ codec, file, metric, expected: e, measured: measuredValue, relative_difference: diff, verdict: gated(group) ? (ok ? 'ok' : 'FAIL') : 'info' });
  };
  const presence = (codec: string, file: string, inExpected: boolean): void =>
    row(codec, file, ['present', 'presence', inExpected ? 'present' : 'missing'], inExpected ? 'missing' : 'present');

  row('', BUNDLE_FILE, ['manifest_sha256', 'bundle', expected.bundle.manifest_sha256], measured.bundle.manifest_sha256);
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
      const measuredFigures = new Map(fileFigures(mf).map(([metric, , v]) => [metric, v]));
      for (const figure of fileFigures(ef)) row(e.codec, ef.file, figure, measuredFigures.get(figure[0]));
    }
    for (const mf of m.files) if (!e.files.some((f) => f.file === mf.file)) presence(e.codec, mf.file, false);
    const measuredAggregate = new Map(aggregateFigures(m).map(([metric, , v]) => [metric, v]));
    for (const figure of aggregateFigures(e)) row(e.codec, AGGREGATE_FILE, figure, measuredAggregate.get(figure[0]));
  }
  for (const m of measured.codecs) if (!expected.codecs.some((c) => c.codec === m.codec)) presence(m.codec, AGGREGATE_FILE, false);
  const failures = rows.filter((r) => r.verdict === 'FAIL').length;
  return {
    tolerance: opts.tolerance,
    gate_cpu: opts.gateCpu,
    pass: failures === 0,
    failures,
    compared: rows.filter((r) => r.verdict === 'ok').length,
    rows,
  };
}
