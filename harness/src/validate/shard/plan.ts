import {
  bundleId,
  parseShardKey,
  selectShard,
  shardKey,
  type ShardSpec,
} from '../../../../mock-engine/src/shard/index.js';

/**
 * The re-run matrix of a validation: one cell per (role, file), the role being the
 * submitted codec's re-run or the baseline measured beside it. Every run of a cell
 * stays on one machine: the timing protocol measures whole passes (warm-up, counted
 * runs, re-measure when unstable), and a cell's runs must share a session's floor.
 */
export interface RerunCell {
  role: 'rerun' | 'baseline';
  file: string;
}

const ROLE_PREFIX = { rerun: 'rerun:', baseline: 'baseline:' } as const;

/** Keys in run order: the baseline's files first, then the re-run's, each in manifest order (as the unsharded validation runs them). */
export function rerunMatrix(
  bundle: { name: string; version: string },
  codec: string,
  baseline: string | null,
  files: readonly string[],
): string[] {
  const id = bundleId(bundle);
  const baselineKeys =
    baseline === null
      ? []
      : files.map((file) => shardKey({ bundle: id, codec: `${ROLE_PREFIX.baseline}${baseline}`, file }));
  return [
    ...baselineKeys,
    ...files.map((file) => shardKey({ bundle: id, codec: `${ROLE_PREFIX.rerun}${codec}`, file })),
  ];
}

export function cellOf(key: string): RerunCell {
  const cell = parseShardKey(key);
  return { role: cell.codec.startsWith(ROLE_PREFIX.baseline) ? 'baseline' : 'rerun', file: cell.file };
}

/** The files each role runs in this shard, in matrix order. */
export function shardFiles(matrix: readonly string[], shard: ShardSpec): { rerun: string[]; baseline: string[] } {
  const cells = selectShard(matrix, (key) => key, shard).map(cellOf);
  return {
    rerun: cells.filter((c) => c.role === 'rerun').map((c) => c.file),
    baseline: cells.filter((c) => c.role === 'baseline').map((c) => c.file),
  };
}
