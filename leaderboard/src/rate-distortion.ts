import { bdRate } from './bd-rate.js';
import { keepMaskBoundCurve } from './source-bound.js';
import type { SourceModel } from './source-models.js';
import type { Entry, RateDistortion, RdCurve } from './types.js';
import { byText, compareVersions } from './versions.js';

/** The lossy baseline BD-rates are measured against when it is on the board: Debian's zfp. */
export const REFERENCE_LOSSY_CODEC = 'zfp';

const curveName = (e: Entry): string => `${e.codec} ${e.version}`;

/** One curve per codec version: its operating points (each an admitted entry) by increasing bits per value. */
function curvesOf(lossy: readonly Entry[]): Omit<RdCurve, 'rank' | 'bd_rate_pct'>[] {
  const groups = new Map<string, Entry[]>();
  for (const e of lossy) {
    if (e.snr_db === null || e.bits_per_value === null) continue;
    groups.set(curveName(e), [...(groups.get(curveName(e)) ?? []), e]);
  }
  return [...groups.values()]
    .map((entries) => ({
      codec: entries[0]!.codec,
      version: entries[0]!.version,
      points: entries
        .map((e) => ({ report: e.report, bits_per_value: e.bits_per_value!, snr_db: e.snr_db!, caq: e.caq }))
        .sort((a, b) => a.bits_per_value - b.bits_per_value || a.snr_db - b.snr_db || byText(a.report, b.report)),
    }))
    .sort((a, b) => byText(a.codec, b.codec) || compareVersions(a.version, b.version));
}

/** zfp (its newest version) when present, else the curve with the most operating points, named as a stand-in. */
function pickReference(curves: ReturnType<typeof curvesOf>): { index: number; note: string } {
  const zfp = curves
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.codec === REFERENCE_LOSSY_CODEC)
    .pop();
  if (zfp !== undefined) return { index: zfp.i, note: `${REFERENCE_LOSSY_CODEC}, the reference lossy baseline` };
  let index = 0;
  curves.forEach((c, i) => {
    if (c.points.length > curves[index]!.points.length) index = i;
  });
  return {
    index,
    note: `${REFERENCE_LOSSY_CODEC} is not on this board: the curve with the most operating points stands in`,
  };
}

/**
 * The lossy table's rate–distortion view: every curve's BD-rate against the reference
 * curve (average difference in bits per value at equal SNR over the SNR range both
 * cover), ranked lowest first; curves with no BD-rate (one point, or no SNR range in
 * common with the reference) follow, unranked. With the bundle's source model, its R(D)
 * bounds over the curves' SNR range. Null without a lossy entry.
 */
export function rateDistortion(lossy: readonly Entry[], source: SourceModel | null = null): RateDistortion | null {
  const curves = curvesOf(lossy);
  if (curves.length === 0) return null;
  const reference = pickReference(curves);
  const ref = curves[reference.index]!;
  const judged = curves.map((c, i) => ({
    ...c,
    bd_rate_pct: i === reference.index ? 0 : bdRate(ref.points, c.points),
  }));
  const ranked = judged
    .filter((c) => c.bd_rate_pct !== null)
    .sort((a, b) => a.bd_rate_pct! - b.bd_rate_pct! || byText(a.codec, b.codec));
  const unranked = judged.filter((c) => c.bd_rate_pct === null);
  const snrs = curves.flatMap((c) => c.points.map((p) => p.snr_db));
  const pad = Math.max(1, (Math.max(...snrs) - Math.min(...snrs)) * 0.05);
  return {
    reference: { codec: ref.codec, version: ref.version, note: reference.note },
    curves: [...ranked.map((c, i) => ({ ...c, rank: i + 1 })), ...unranked.map((c) => ({ ...c, rank: null }))],
    source_bound:
      source === null
        ? null
        : keepMaskBoundCurve(source.keep_probability, {
            min: Math.max(0, Math.min(...snrs) - pad),
            max: Math.max(...snrs) + pad,
          }),
  };
}
