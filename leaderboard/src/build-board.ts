import { TOOL_VERSION } from '../../harness/src/version.js';
import type { AdmittedReport } from './load-reports.js';
import { paretoFront } from './pareto.js';
import { rateDistortion } from './rate-distortion.js';
import { bundleKey, type SourceModel } from './source-models.js';
import type { BundleBoard, DeltaVsBaseline, Entry, Leaderboard, Rejection } from './types.js';
import { byText, compareVersions } from './versions.js';

/** Δ of the maintainer's re-run against the baseline measured in the same validation; null without both. */
function delta(admitted: AdmittedReport): DeltaVsBaseline | null {
  const { rerun, baseline } = admitted.report;
  if (rerun === null || baseline === null || baseline.caq === 0 || baseline.ratio === 0) return null;
  return {
    baseline: baseline.codec,
    caq_pct: (rerun.caq / baseline.caq - 1) * 100,
    ratio_pct: (rerun.ratio / baseline.ratio - 1) * 100,
  };
}

/** Re-run outside the sandbox; reports made before the sandbox was recorded say nothing, and are not marked. */
const unsealed = (report: AdmittedReport['report']): boolean =>
  (report as { sandbox?: { sealed?: unknown } }).sandbox?.sealed === false;

/** The maintainer's re-run figures, ranked; the submitter's claim beside them. */
function entryOf(admitted: AdmittedReport): Entry {
  const { summary, content_sha256 } = admitted.report.submission;
  const { figures: claim, rerun } = admitted.report;
  if (summary === null || content_sha256 === null || claim === null || rerun === null)
    throw new Error(`admitted report ${admitted.file} lacks its summary or re-run`);
  return {
    rank: 0,
    content_sha256,
    report: admitted.file,
    codec: summary.codec.name,
    version: summary.codec.version,
    submitter: summary.submitter,
    lossless: summary.codec.lossless,
    adaptive: summary.codec.adaptive,
    ratio: rerun.ratio,
    cpu_s: rerun.cpu_s,
    caq: rerun.caq,
    caq_variance: rerun.caq_variance,
    runs: rerun.runs,
    unstable: rerun.stability?.unstable ?? false,
    delta_vs_baseline: delta(admitted),
    claimed: { ratio: claim.ratio, cpu_s: claim.cpu_s, caq: claim.caq },
    unsealed: unsealed(admitted.report),
    snr_db: summary.codec.lossless ? null : rerun.mean_snr_db,
    bits_per_value: summary.codec.lossless ? null : rerun.mean_bits_per_value,
    pareto: false,
    pareto_snr_bits: summary.codec.lossless ? null : false,
    newer_versions: [],
    signed_by: admitted.signedBy,
  };
}

/** Highest CAQ first; ties by ratio, then by name, version and digest so the order never depends on input order. */
function byCaq(a: Entry, b: Entry): number {
  return (
    b.caq - a.caq ||
    b.ratio - a.ratio ||
    byText(a.codec, b.codec) ||
    compareVersions(a.version, b.version) ||
    byText(a.content_sha256, b.content_sha256)
  );
}

/** Ranks one table, marks its Pareto fronts and, for each entry, the newer versions of the same codec beside it. */
function rankTable(entries: Entry[]): Entry[] {
  const ranked = [...entries].sort(byCaq).map((entry, i) => ({ ...entry, rank: i + 1 }));
  const front = paretoFront(
    ranked.map((e) => ({ x: e.cpu_s, y: e.ratio })),
    { x: 'low', y: 'high' },
  );
  const lossy = ranked.filter((e) => e.snr_db !== null && e.bits_per_value !== null);
  const snrFront = paretoFront(
    lossy.map((e) => ({ x: e.bits_per_value ?? 0, y: e.snr_db ?? 0 })),
    { x: 'low', y: 'high' },
  );
  return ranked.map((entry, i) => {
    const lossyIndex = lossy.indexOf(entry);
    const newer = ranked
      .filter((other) => other.codec === entry.codec && compareVersions(other.version, entry.version) > 0)
      .map((other) => other.version);
    return {
      ...entry,
      pareto: front.has(i),
      pareto_snr_bits: entry.lossless ? null : lossyIndex >= 0 && snrFront.has(lossyIndex),
      newer_versions: [...new Set(newer)].sort(compareVersions),
    };
  });
}

/** Groups admitted reports by bundle (name, version and digest) and ranks lossless and lossy codecs apart; `sources` by bundleKey. */
export function buildLeaderboard(
  admitted: AdmittedReport[],
  rejected: Rejection[],
  sources: ReadonlyMap<string, SourceModel> = new Map(),
): Leaderboard {
  const groups = new Map<string, { name: string; version: string; manifest_sha256: string; entries: Entry[] }>();
  for (const report of admitted) {
    const bundle = report.report.submission.summary?.bundle;
    if (bundle === undefined) continue;
    const key = `${bundle.name}\0${bundle.version}\0${bundle.manifest_sha256}`;
    const group = groups.get(key) ?? { ...bundle, entries: [] };
    group.entries.push(entryOf(report));
    groups.set(key, group);
  }
  const bundles: BundleBoard[] = [...groups.values()]
    .sort(
      (a, b) =>
        byText(a.name, b.name) || compareVersions(a.version, b.version) || byText(a.manifest_sha256, b.manifest_sha256),
    )
    .map((group) => {
      const lossy = rankTable(group.entries.filter((e) => !e.lossless));
      return {
        name: group.name,
        version: group.version,
        manifest_sha256: group.manifest_sha256,
        lossless: rankTable(group.entries.filter((e) => e.lossless)),
        lossy,
        rate_distortion: rateDistortion(lossy, sources.get(bundleKey(group.name, group.version)) ?? null),
      };
    });
  return {
    schema: 'caqbench/leaderboard@1',
    tool_version: TOOL_VERSION,
    bundles,
    rejected: [...rejected].sort((a, b) => byText(a.report, b.report)),
  };
}
