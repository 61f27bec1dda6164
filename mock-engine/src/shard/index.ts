/**
 * Deterministic slices of a run's (bundle, codec, file, run) matrix for
 * `--shard i/n`, and the descriptor a sharded output carries. Pure logic with
 * no dependency beyond Node's builtins, so the single-file engine can ship it.
 */
export { readShardDescriptor } from './descriptor.js';
export { bundleId, compareKeys, parseShardKey, shardKey, type MatrixCell } from './key.js';
export { assignShards, describeShard, selectShard, type ShardDescriptor } from './select.js';
export { formatShard, MAX_SHARDS, parseShard, type ShardSpec } from './spec.js';
