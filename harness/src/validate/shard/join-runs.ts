import { canonicalJson } from '../../../../mock-engine/src/format/canonical-json.js';
import { summarize } from '../../../../mock-engine/src/metrics/summary.js';
import type { Summary } from '../../../../mock-engine/src/results.js';
import { referenceTiming } from '../../timing/reference-workload.js';
import { claimedFigures, pairedReferences, runAggregate } from '../../submit/aggregate.js';
import type { Submission, SubmissionFileRun } from '../../submit/types.js';
import type { Stability } from '../../timing/protocol.js';

/** A piece of a sharded re-run: the shard file it came from and the partial submission it holds. */
export interface RunPiece {
  file: string;
  run: Submission;
}

const pooled = (summaries: readonly Summary[]): Summary => summarize(summaries.flatMap((s) => s.samples));

/** The worst of the shards' stabilities: unstable or re-measured anywhere is so for the whole. */
function worstStability(all: readonly Stability[]): Stability {
  return {
    ...all[0]!,
    relative_mad: Math.max(...all.map((s) => s.relative_mad)),
    remeasured: all.some((s) => s.remeasured),
    unstable: all.some((s) => s.unstable),
  };
}

/** What every piece of one codec's re-run must share: the codec, the bundle, and the protocol it was measured under. */
function identity(s: Submission): string {
  const { name, version, lossless, deterministic, command } = s.codec;
  return canonicalJson({
    codec: { name, version, lossless, deterministic, command },
    bundle: s.bundle,
    protocol: s.protocol,
  });
}

/**
 * Joins the pieces of one codec's sharded re-run into the submission an unsharded
 * re-run gives: run k holds every shard's run-k rows in `fileOrder` (manifest order,
 * so the sums, and the ratio, are the unsharded ones to the last bit), aggregates and
 * claims are recomputed by the submit path's own rules, the start-up floor pools every
 * shard's samples and the reference block is rebuilt from the rows' paired samples. Timing figures come from several
 * sessions (often several machines): the environment of each is kept in the shard files.
 */
export function joinRuns(
  pieces: readonly RunPiece[],
  fileOrder: readonly string[],
): { run: Submission; problems: string[] } {
  const head = pieces[0]!.run;
  const problems: string[] = [];
  const odd = pieces.filter((p) => identity(p.run) !== identity(head));
  if (odd.length > 0)
    problems.push(
      `${odd.map((p) => p.file).join(', ')}: codec, bundle or timing protocol differ from ${pieces[0]!.file}'s`,
    );
  const position = new Map(fileOrder.map((file, i) => [file, i]));
  const at = (row: SubmissionFileRun): number => position.get(row.file) ?? Number.MAX_SAFE_INTEGER;
  const floor = {
    ...head.startup_floor,
    encode_cpu_s: pooled(pieces.map((p) => p.run.startup_floor.encode_cpu_s)),
    decode_cpu_s: pooled(pieces.map((p) => p.run.startup_floor.decode_cpu_s)),
  };
  const floorMedians = { encode: floor.encode_cpu_s.median, decode: floor.decode_cpu_s.median };
  const runs = head.runs.map((first, k) => {
    const files = pieces.flatMap((p) => p.run.runs[k]?.files ?? []).sort((a, b) => at(a) - at(b));
    return { run: first.run, files, aggregate: runAggregate(files, floorMedians) };
  });
  if (pieces.some((p) => p.run.runs.length !== runs.length))
    problems.push(
      `the shards' re-runs have different numbers of runs (${pieces.map((p) => `${p.file}: ${p.run.runs.length}`).join(', ')})`,
    );
  const reference = referenceTiming(pairedReferences(runs));
  const stabilities = pieces.flatMap((p) => (p.run.stability === undefined ? [] : [p.run.stability]));
  const run: Submission = {
    ...head,
    startup_floor: floor,
    ...(stabilities.length > 0 ? { stability: worstStability(stabilities) } : {}),
    ...(reference === null ? {} : { reference }),
    runs,
    claimed: claimedFigures(runs, floorMedians, head.protocol.cpu_floor_subtracted),
  };
  if (reference === null) delete run.reference;
  return { run, problems };
}
