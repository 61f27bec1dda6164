/**
 * `caqbench merge`: joins the results files of a sharded run (`run --shard i/n`)
 * into the results the unsharded run would have written, after proving the
 * shards belong together and cover the run's matrix exactly once.
 */
import { resolve } from 'node:path';
import { canonicalJsonFile } from '../../../mock-engine/src/format/canonical-json.js';
import type { Results } from '../../../mock-engine/src/results.js';
import { writeOutput } from '../fs/output.js';
import { CaqError } from '../errors.js';
import { checkContent } from './check-content.js';
import { checkCoverage } from './check-coverage.js';
import { checkSharedIdentity, environmentWarnings } from './check-identity.js';
import { combineShards } from './combine.js';
import { MergeProblems } from './problems.js';
import { readShard } from './read-shard.js';
import type { MergeOutcome, ShardInput } from './types.js';

export type { MergeOutcome, ShardInput, ShardResults } from './types.js';
export { readShard } from './read-shard.js';

/** Merges parsed shards; throws MERGE_CONFLICT listing every reason when they do not belong together. */
export function mergeShards(shards: readonly ShardInput[]): MergeOutcome {
  if (shards.length === 0) throw new CaqError('USAGE', 'merge needs at least one shard file');
  const problems = new MergeProblems();
  checkSharedIdentity(shards, problems);
  checkCoverage(
    shards.map((s) => ({ file: s.file, shard: s.results.shard })),
    problems,
  );
  // Content is only worth checking once the shards are known to be one run's.
  problems.throwIfAny();
  checkContent(shards, problems);
  problems.throwIfAny();
  const merged: Results = combineShards(shards, problems);
  problems.throwIfAny();
  return { merged, warnings: environmentWarnings(shards) };
}

/**
 * Reads the shard files, merges them and writes `out` atomically (canonical JSON,
 * as `run` writes it). Paths are taken relative to `cwd` and named in messages as given.
 */
export async function mergeShardFiles(
  files: readonly string[],
  out: string,
  cwd = process.cwd(),
): Promise<MergeOutcome & { keys: number }> {
  const shards: ShardInput[] = [];
  for (const file of files) shards.push(await readShard(file, resolve(cwd, file)));
  const outcome = mergeShards(shards);
  await writeOutput(resolve(cwd, out), canonicalJsonFile(outcome.merged));
  return { ...outcome, keys: shards[0]!.results.shard.matrix.length };
}
