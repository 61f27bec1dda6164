import { caq } from '../../../mock-engine/src/metrics/caq.js';
import { referenceUnits } from '../../../mock-engine/src/metrics/reference-units.js';
import { judgeStability } from '../../../mock-engine/src/metrics/stability.js';
import { aggregate } from '../../../mock-engine/src/run/aggregate.js';
import { referenceTiming } from '../../../mock-engine/src/run/reference-timing.js';
import { canonicalJson } from '../../../mock-engine/src/format/canonical-json.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import type { CodecResult, FileResult, Results, Summary } from '../../../mock-engine/src/results.js';
import { declaredCells, heldCells, type DeclaredCell } from './cells.js';
import type { MergeProblems } from './problems.js';
import type { ShardInput } from './types.js';

/** A piece of one codec × file: the whole of it, or the counted runs one shard took. */
interface Piece {
  shard: ShardInput;
  result: FileResult;
  codec: CodecResult;
  runs: number[] | null;
}

const EMPTY: Summary = { samples: [], median: 0, min: 0, max: 0, mad: 0 };

/** Everything of a file result but its CPU figures: what every shard must have measured alike. */
function deterministicPart(f: FileResult): string {
  const {
    encode_cpu_s: _e,
    decode_cpu_s: _d,
    encode_ref_cpu_s: _re,
    decode_ref_cpu_s: _rd,
    cpu_s: _c,
    cpu_ref_units: _u,
    caq: _q,
    ...rest
  } = f;
  return canonicalJson(rest);
}

function codecIdentity(c: CodecResult): string {
  return canonicalJson({
    codec_version: c.codec_version,
    params: c.params,
    lossless: c.lossless,
    adaptive: c.adaptive,
  });
}

/** Counted runs from several shards back in run order; CPU, reference units and CAQ recomputed from the joined samples. */
function joinRuns(id: string, pieces: Piece[], problems: MergeProblems): FileResult {
  const first = pieces[0]!;
  const disagree = pieces.filter((p) => deterministicPart(p.result) !== deterministicPart(first.result));
  if (disagree.length > 0) {
    problems.add(
      [first.shard.file, ...disagree.map((p) => p.shard.file)],
      `${id}: runs of one cell disagree on sizes, digest, round trip or distortion (a non-deterministic codec cannot be sharded by run)`,
    );
  }
  const byRun = (pick: (f: FileResult) => Summary): number[] =>
    pieces
      .flatMap((p) => pick(p.result).samples.map((s, i) => [p.runs![i] ?? 0, s] as const))
      .sort((a, b) => a[0] - b[0])
      .map(([, s]) => s);
  const encodeSamples = byRun((f) => f.encode_cpu_s);
  const decodeSamples = byRun((f) => f.decode_cpu_s);
  const encodeRefs = byRun((f) => f.encode_ref_cpu_s);
  const decodeRefs = byRun((f) => f.decode_ref_cpu_s);
  const orEmpty = (samples: number[]): Summary => (samples.length > 0 ? summarize(samples) : EMPTY);
  const encode = summarize(encodeSamples);
  const decode = orEmpty(decodeSamples);
  const cpu = encode.median + decode.median;
  return {
    ...first.result,
    encode_cpu_s: encode,
    decode_cpu_s: decode,
    encode_ref_cpu_s: orEmpty(encodeRefs),
    decode_ref_cpu_s: orEmpty(decodeRefs),
    cpu_s: cpu,
    cpu_ref_units: referenceUnits(encodeSamples, encodeRefs) + referenceUnits(decodeSamples, decodeRefs),
    caq: caq(first.result.ratio, cpu),
  };
}

/**
 * The codec's stability judged on its merged files, as the engine judges one run; re-measured
 * if any shard re-measured it. Shards from engines before stability carry none, and neither does the merge.
 */
function withStability(codec: CodecResult, shards: readonly ShardInput[]): CodecResult {
  const parts = shards.flatMap((s) =>
    s.results.codecs.filter((c) => c.codec === codec.codec && c.stability !== undefined).map((c) => c.stability!),
  );
  if (parts.length === 0) {
    const { stability: _s, ...rest } = codec;
    return rest;
  }
  return {
    ...codec,
    stability: judgeStability(
      codec.files,
      parts[0]!.threshold,
      parts.some((p) => p.remeasured),
    ),
  };
}

/**
 * Rebuilds the unsharded results from checked shards: codecs and files in the
 * matrix's (manifest) order, each file result taken whole from its shard or
 * re-joined from its runs, and every codec's aggregate recomputed by the
 * engine's own `aggregate`, so the figures are the ones an unsharded run gives.
 */
export function combineShards(shards: readonly ShardInput[], problems: MergeProblems): Results {
  const ordered = [...shards].sort((a, b) => a.results.shard.index - b.results.shard.index);
  const pieces = new Map<string, Piece[]>();
  for (const shard of ordered) {
    const declared = declaredCells(shard.results.shard.keys);
    for (const [id, { codecIndex, result }] of heldCells(shard).held) {
      const cell: DeclaredCell | undefined = declared.get(id);
      pieces.set(id, [
        ...(pieces.get(id) ?? []),
        { shard, result, codec: shard.results.codecs[codecIndex]!, runs: cell?.runs ?? null },
      ]);
    }
  }
  const codecs = new Map<string, CodecResult>();
  for (const [id, cell] of declaredCells(ordered[0]!.results.shard.matrix)) {
    const parts = pieces.get(id) ?? [];
    if (parts.length === 0) continue;
    const file = cell.runs === null ? parts[0]!.result : joinRuns(id, parts, problems);
    const head = parts[0]!.codec;
    const entry = codecs.get(cell.codec) ?? { ...head, files: [], aggregate: head.aggregate };
    const odd = parts.filter((p) => codecIdentity(p.codec) !== codecIdentity(entry));
    if (odd.length > 0)
      problems.add(
        odd.map((p) => p.shard.file),
        `codec ${cell.codec}: version, parameters or flags differ from the other shards'`,
      );
    entry.files.push(file);
    codecs.set(cell.codec, entry);
  }
  const head = ordered[0]!.results;
  const merged = [...codecs.values()].map((c) => withStability({ ...c, aggregate: aggregate(c.files) }, ordered));
  return {
    schema: head.schema,
    bundle: head.bundle,
    engine: head.engine,
    environment: head.environment,
    protocol: head.protocol,
    // Gathered from the merged files, the way `run` gathers it, so it equals the unsharded run's.
    reference: referenceTiming(merged),
    codecs: merged,
  };
}
