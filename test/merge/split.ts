import { aggregate } from '../../mock-engine/src/run/aggregate.js';
import { referenceUnits } from '../../mock-engine/src/metrics/reference-units.js';
import { summarize } from '../../mock-engine/src/metrics/summary.js';
import { referenceTiming } from '../../mock-engine/src/run/reference-timing.js';
import type { CodecResult, FileResult, Results } from '../../mock-engine/src/results.js';
import { bundleId, describeShard, parseShardKey, shardKey, type ShardSpec } from '../../mock-engine/src/shard/index.js';
import type { ShardResults } from '../../harness/src/merge/index.js';

/** The run's matrix in run order: codec × file, or codec × file × run. */
export function matrixOf(results: Results, byRun: boolean): string[] {
  const bundle = bundleId(results.bundle);
  return results.codecs.flatMap((c) =>
    c.files.flatMap((f) =>
      byRun
        ? Array.from({ length: results.protocol.runs }, (_, r) =>
            shardKey({ bundle, codec: c.codec, file: f.file, run: r + 1 }),
          )
        : [shardKey({ bundle, codec: c.codec, file: f.file })],
    ),
  );
}

/** A file result as a shard that ran only `runs` (1-based) of it would have written it. */
function keepRuns(f: FileResult, runs: number[]): FileResult {
  const pick = (s: { samples: number[] }): number[] => runs.map((r) => s.samples[r - 1]!);
  const encode = summarize(pick(f.encode_cpu_s));
  const decode = summarize(pick(f.decode_cpu_s));
  const cpu = encode.median + decode.median;
  return {
    ...f,
    encode_cpu_s: encode,
    decode_cpu_s: decode,
    encode_ref_cpu_s: summarize(pick(f.encode_ref_cpu_s)),
    decode_ref_cpu_s: summarize(pick(f.decode_ref_cpu_s)),
    cpu_s: cpu,
    cpu_ref_units:
      referenceUnits(pick(f.encode_cpu_s), pick(f.encode_ref_cpu_s)) +
      referenceUnits(pick(f.decode_cpu_s), pick(f.decode_ref_cpu_s)),
    caq: f.ratio / (cpu + 1),
  };
}

/**
 * What `run --shard i/n` writes, made from an unsharded run: the cells
 * `selectShard` gives shard i, codecs without a cell dropped, aggregates over
 * the shard's own files. (The engine measures the cells itself; the figures
 * are the same up to CPU noise.)
 */
export function shardOf(results: Results, spec: ShardSpec, byRun = false): ShardResults {
  const shard = describeShard(matrixOf(results, byRun), spec);
  const runsOf = new Map<string, number[]>();
  for (const key of shard.keys) {
    const cell = parseShardKey(key);
    const id = `${cell.codec}\0${cell.file}`;
    runsOf.set(id, [...(runsOf.get(id) ?? []), ...(cell.run === undefined ? [] : [cell.run])]);
  }
  const codecs: CodecResult[] = [];
  for (const c of results.codecs) {
    const files = c.files.flatMap((f) => {
      const runs = runsOf.get(`${c.codec}\0${f.file}`);
      if (runs === undefined) return [];
      return [byRun ? keepRuns(f, runs) : f];
    });
    if (files.length > 0) codecs.push({ ...c, files, aggregate: aggregate(files) });
  }
  // A shard's reference block holds the reference samples of its own cells, as `run --shard` gathers it.
  return { ...structuredClone(results), reference: referenceTiming(codecs), codecs: structuredClone(codecs), shard };
}

export function splitResults(results: Results, count: number, byRun = false): ShardResults[] {
  return Array.from({ length: count }, (_, i) => shardOf(results, { index: i + 1, count }, byRun));
}
