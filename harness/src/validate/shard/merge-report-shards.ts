import { canonicalJson } from '../../../../mock-engine/src/format/canonical-json.js';
import { checkCoverage } from '../../merge/check-coverage.js';
import { listSome, MergeProblems } from '../../merge/problems.js';
import { judgeMaintainerRuns, type MaintainerMeasurements } from '../maintainer-runs.js';
import type { Report } from '../report-types.js';
import { withMaintainerChecks } from '../validate-submission.js';
import { joinRuns, type RunPiece } from './join-runs.js';
import { cellOf } from './plan.js';
import type { ReportShardInput } from './types.js';

const label = (s: ReportShardInput): string => `shard ${s.value.shard.index}/${s.value.shard.count} (${s.file})`;

/** Every shard must be a slice of the same validation: same tool, same checks' report, same re-run settings and shard count. */
function checkSameValidation(shards: readonly ReportShardInput[], problems: MergeProblems): void {
  const [head] = shards as [ReportShardInput];
  const differ = (pick: (s: ReportShardInput) => unknown): ReportShardInput[] =>
    shards.filter((s) => canonicalJson(pick(s)) !== canonicalJson(pick(head)));
  const pairs: [string, (s: ReportShardInput) => unknown][] = [
    ['tool versions', (s) => s.value.tool_version],
    ['shard counts', (s) => s.value.shard.count],
    ['submissions (content SHA-256)', (s) => s.value.report.submission.content_sha256],
    ['re-run settings (--rerun N, --baseline)', (s) => [s.value.maintainer.runs, s.value.maintainer.baseline]],
    ["submissions' compressed SHA-256", (s) => s.value.claimed_digests],
  ];
  let named = false;
  for (const [what, pick] of pairs) {
    const odd = differ(pick);
    if (odd.length === 0) continue;
    named = true;
    problems.add(
      [head.file, ...odd.map((s) => s.file)],
      `different ${what}: ${listSome(odd.map(label))} differ from ${label(head)}`,
    );
  }
  const oddReports = differ((s) => s.value.report);
  if (!named && oddReports.length > 0) {
    problems.add(
      [head.file, ...oddReports.map((s) => s.file)],
      `the checks' reports differ (another bundle, or an edited file): ${listSome(oddReports.map(label))} differ from ${label(head)}`,
    );
  }
}

/** A shard must hold maintainer rows for exactly the cells it declares, no more, no fewer. */
function checkHeldCells(shard: ReportShardInput, problems: MergeProblems): void {
  const cells = shard.value.shard.keys.map(cellOf);
  const { rerun, rerun_error, baseline_run, baseline_error } = shard.value.maintainer;
  const sides = [
    { role: 'rerun', run: rerun, error: rerun_error },
    { role: 'baseline', run: baseline_run, error: baseline_error },
  ] as const;
  for (const { role, run, error } of sides) {
    const declared = cells
      .filter((c) => c.role === role)
      .map((c) => c.file)
      .sort();
    if (error !== null) continue;
    const held =
      run === null
        ? []
        : run.runs.map((r) =>
            r.files
              .map((f) => f.file)
              .sort()
              .join('\0'),
          );
    const bad =
      run === null ? declared.length > 0 : declared.length === 0 || held.some((h) => h !== declared.join('\0'));
    if (bad)
      problems.add([shard.file], `its ${role} rows do not match the ${declared.length} ${role} cell(s) it declares`);
  }
}

/** The pieces of one role: errors named by shard, or the runs to join. */
function gather(
  shards: readonly ReportShardInput[],
  pick: (m: MaintainerMeasurements) => { run: RunPiece['run'] | null; error: string | null },
): { pieces: RunPiece[]; errors: string[] } {
  const pieces: RunPiece[] = [];
  const errors: string[] = [];
  for (const shard of shards) {
    const { run, error } = pick(shard.value.maintainer);
    if (error !== null) errors.push(`${label(shard)}: ${error}`);
    else if (run !== null) pieces.push({ file: shard.file, run });
  }
  return { pieces, errors };
}

/**
 * Joins the n shards of one sharded validation into the report the unsharded
 * validation writes: the checks every shard ran alike, and the rerun check judged
 * on the joined re-run and baseline, with `shards: n` among its figures. Refuses
 * (MERGE_CONFLICT, listing every problem) shards of different validations, missing,
 * repeated or overlapping shards, and shards whose rows are not their cells'.
 */
export function mergeReportShards(shards: readonly ReportShardInput[]): { report: Report; warnings: string[] } {
  const problems = new MergeProblems();
  checkSameValidation(shards, problems);
  checkCoverage(
    shards.map((s) => ({ file: s.file, shard: s.value.shard })),
    problems,
  );
  problems.throwIfAny();
  for (const shard of shards) checkHeldCells(shard, problems);
  problems.throwIfAny();
  const ordered = [...shards].sort((a, b) => a.value.shard.index - b.value.shard.index);
  const { report, maintainer, shard, claimed_digests } = ordered[0]!.value;
  if (shard.matrix.length === 0) return { report, warnings: [] };
  const fileOrder = (role: 'rerun' | 'baseline'): string[] =>
    shard.matrix
      .map(cellOf)
      .filter((c) => c.role === role)
      .map((c) => c.file);
  const rerun = gather(ordered, (m) => ({ run: m.rerun, error: m.rerun_error }));
  const baseline = gather(ordered, (m) => ({ run: m.baseline_run, error: m.baseline_error }));
  const joinedRerun =
    rerun.errors.length > 0 || rerun.pieces.length === 0 ? null : joinRuns(rerun.pieces, fileOrder('rerun'));
  const joinedBaseline =
    baseline.errors.length > 0 || baseline.pieces.length === 0
      ? null
      : joinRuns(baseline.pieces, fileOrder('baseline'));
  for (const joined of [joinedRerun, joinedBaseline])
    for (const problem of joined?.problems ?? [])
      problems.add(
        ordered.map((s) => s.file),
        problem,
      );
  const summary = report.submission.summary;
  if (report.figures === null || summary === null)
    problems.add([ordered[0]!.file], 'its report has no recomputed figures to judge the re-run against');
  problems.throwIfAny();
  const measured: MaintainerMeasurements = {
    runs: maintainer.runs,
    baseline: maintainer.baseline,
    rerun: joinedRerun?.run ?? null,
    rerun_error: rerun.errors.length > 0 ? rerun.errors.join('; ') : null,
    baseline_run: joinedBaseline?.run ?? null,
    baseline_error: baseline.errors.length > 0 ? baseline.errors.join('; ') : null,
  };
  const judged = judgeMaintainerRuns(report.figures!, summary!.codec.lossless, measured, {
    deterministic: summary!.codec.deterministic,
    version: summary!.codec.version,
    digests: claimed_digests,
  });
  judged.result.figures.shards = ordered.length;
  const machines = new Set(
    [...rerun.pieces, ...baseline.pieces].map((p) => `${p.run.environment.cpu_model} ×${p.run.environment.cores}`),
  );
  const warnings =
    machines.size > 1
      ? [
          `the re-run was measured on ${machines.size} kinds of machine (${[...machines].join('; ')}): its CPU figures mix them`,
        ]
      : [];
  return { report: withMaintainerChecks(report, judged), warnings };
}
