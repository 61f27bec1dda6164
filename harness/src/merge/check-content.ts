import { bundleId, parseShardKey } from '../../../mock-engine/src/shard/index.js';
import { declaredCells, heldCells } from './cells.js';
import { listSome, type MergeProblems } from './problems.js';
import type { ShardInput } from './types.js';

/**
 * A shard must hold results for exactly the keys it declares: a descriptor
 * that names a key its results lack (or the reverse) would make the coverage
 * proof a lie. Keys cut by run must say how many counted samples each cell has.
 */
export function checkContent(shards: readonly ShardInput[], problems: MergeProblems): void {
  const matrix = shards[0]!.results.shard.matrix.map(parseShardKey);
  const byRun = matrix.filter((c) => c.run !== undefined).length;
  if (byRun !== 0 && byRun !== matrix.length) {
    problems.add([shards[0]!.file], 'the matrix mixes keys with and without a run number');
    return;
  }
  for (const shard of shards) {
    const bundle = bundleId(shard.results.bundle);
    const foreign = matrix.filter((c) => c.bundle !== bundle);
    if (foreign.length > 0)
      problems.add([shard.file], `matrix keys name bundle ${foreign[0]!.bundle}, but the results are of ${bundle}`);
    const declared = declaredCells(shard.results.shard.keys);
    const { held, duplicates } = heldCells(shard);
    if (duplicates.length > 0) problems.add([shard.file], `results list a codec × file twice: ${listSome(duplicates)}`);
    const lacking = [...declared.keys()].filter((id) => !held.has(id));
    const undeclared = [...held.keys()].filter((id) => !declared.has(id));
    if (lacking.length > 0) problems.add([shard.file], `declares keys it holds no results for: ${listSome(lacking)}`);
    if (undeclared.length > 0)
      problems.add([shard.file], `holds results for keys it does not declare: ${listSome(undeclared)}`);
    for (const [id, cell] of declared) {
      const result = held.get(id)?.result;
      if (cell.runs === null || result === undefined) continue;
      const samples = result.encode_cpu_s.samples.length;
      const decoded = result.decode_cpu_s.samples.length;
      if (samples !== cell.runs.length || (decoded !== cell.runs.length && result.roundtrip !== 'failed')) {
        problems.add(
          [shard.file],
          `${id}: declares ${cell.runs.length} run(s) but holds ${samples} encode and ${decoded} decode sample(s)`,
        );
      }
    }
  }
}
