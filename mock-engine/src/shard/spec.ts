/**
 * `--shard i/n`: which of n slices of a run's matrix this process takes.
 * 1-based, as people count CI jobs (`strategy.matrix.shard: [1, 2, 3]`).
 */
import { EngineError } from '../errors.js';

export interface ShardSpec {
  /** 1 ≤ index ≤ count. */
  index: number;
  count: number;
}

/** More shards than this is a typo, not a plan: no CI engine runs 10 000 jobs of one validation. */
export const MAX_SHARDS = 10_000;

export function parseShard(text: string): ShardSpec {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text.trim());
  const usage = (why: string): EngineError =>
    new EngineError('E_USAGE', `--shard '${text}': ${why}`, {
      field: '--shard',
      hint: 'write --shard i/n with 1 ≤ i ≤ n, e.g. --shard 2/3',
    });
  if (match === null) throw usage('expected i/n, two positive whole numbers');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count > MAX_SHARDS) throw usage(`at most ${MAX_SHARDS} shards`);
  if (index > count) throw usage(`shard index ${index} is beyond the shard count ${count}`);
  return { index, count };
}

export function formatShard(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}
