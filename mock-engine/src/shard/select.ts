/**
 * Which keys of a matrix a shard takes. The keys are sorted byte-wise and dealt
 * out round-robin: the key at sorted position p goes to shard (p mod n) + 1.
 * Round-robin rather than contiguous ranges, because sorted keys group by codec
 * (`bundle|codec|file`), and one codec (e.g. alcm-h3) can cost far more than the
 * others; dealing keys out spreads every codec over every shard, so shards take
 * about the same time. The deal depends on the set of keys only, never on
 * the order a caller lists them in, so every machine computes the same slices.
 */
import { EngineError } from '../errors.js';
import { compareKeys } from './key.js';
import type { ShardSpec } from './spec.js';

/** The shard (1-based) of every key, by its byte-wise sorted position; duplicate keys are refused. */
export function assignShards(keys: readonly string[], count: number): Map<string, number> {
  const sorted = [...keys].sort(compareKeys);
  const assigned = new Map<string, number>();
  sorted.forEach((key, position) => {
    if (assigned.has(key)) {
      throw new EngineError('E_MANIFEST', `the run matrix lists '${key}' twice, so it cannot be sharded`, {
        field: 'shard',
        hint: 'a manifest that lists the same codec twice, or the same data file twice, must be run unsharded',
      });
    }
    assigned.set(key, (position % count) + 1);
  });
  return assigned;
}

/** The items of `shard`, in the order given (a shard runs its cells in the manifest's order). */
export function selectShard<T>(items: readonly T[], key: (item: T) => string, shard: ShardSpec): T[] {
  const keys = items.map(key);
  const assigned = assignShards(keys, shard.count);
  return items.filter((_, i) => assigned.get(keys[i]!) === shard.index);
}

/**
 * What a sharded output records, so that `caqbench merge` can prove the shards
 * cover the matrix exactly once: the whole matrix each shard was cut from (in
 * run order, which is also the order merged output follows) and the keys this
 * shard covers.
 */
export interface ShardDescriptor {
  index: number;
  count: number;
  /** The keys this shard covers, in matrix order. */
  keys: string[];
  /** Every key of the run being sharded, in run (manifest) order: identical in every shard of one run. */
  matrix: string[];
}

export function describeShard(matrix: readonly string[], shard: ShardSpec): ShardDescriptor {
  return { index: shard.index, count: shard.count, keys: selectShard(matrix, (k) => k, shard), matrix: [...matrix] };
}
