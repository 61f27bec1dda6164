import type { Results } from '../../../mock-engine/src/results.js';
import type { ShardDescriptor } from '../../../mock-engine/src/shard/index.js';

/** A results.json written by `run --shard i/n`: the cells of one shard, and the descriptor saying which. */
export interface ShardResults extends Results {
  shard: ShardDescriptor;
}

/** One input of a merge: the file it came from (messages name it) and its parsed content. */
export interface ShardInput {
  file: string;
  results: ShardResults;
}

export interface MergeOutcome {
  merged: Results;
  /** Things worth saying that do not stop the merge, e.g. shards measured on different machines. */
  warnings: string[];
}
