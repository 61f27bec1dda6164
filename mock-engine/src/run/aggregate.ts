/**
 * A codec's figures over the bundle's files. The bundle's ratio is
 * Σ original / Σ compressed (a byte-weighted ratio, what a user storing the
 * whole bundle gets), its CPU is Σ file CPU (in seconds and in reference
 * units), and CAQ = ratio / (cpu + 1).
 * The published ALCM tables averaged per-file figures instead, so the
 * arithmetic means of per-file ratio and CAQ are given beside them.
 */
import { caq } from '../metrics/caq.js';
import { mean } from '../metrics/summary.js';
import type { CodecAggregate, FileResult } from '../results.js';

export function aggregate(files: FileResult[]): CodecAggregate {
  if (files.length === 0) throw new RangeError('no files to aggregate');
  const original = files.reduce((n, f) => n + f.original_bytes, 0);
  const compressed = files.reduce((n, f) => n + f.compressed_bytes, 0);
  const cpu = files.reduce((n, f) => n + f.cpu_s, 0);
  const ratio = original / compressed;
  const result: CodecAggregate = {
    original_bytes: original,
    compressed_bytes: compressed,
    ratio,
    cpu_s: cpu,
    cpu_ref_units: files.reduce((n, f) => n + f.cpu_ref_units, 0),
    caq: caq(ratio, cpu),
    mean_file_ratio: mean(files.map((f) => f.ratio)),
    mean_file_caq: mean(files.map((f) => f.caq)),
  };
  const snr = files.flatMap((f) => (f.distortion?.snr_db != null ? [f.distortion.snr_db] : []));
  const bits = files.flatMap((f) => (f.distortion?.bits_per_value != null ? [f.distortion.bits_per_value] : []));
  if (snr.length > 0) result.mean_snr_db = mean(snr);
  if (bits.length > 0) result.mean_bits_per_value = mean(bits);
  return result;
}
