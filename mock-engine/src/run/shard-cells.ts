/**
 * The run's matrix of (bundle, codec, file) cells, in manifest order, and the
 * slice `--shard i/n` takes of it. A cell holds all counted runs of a codec ×
 * file: the paired reference timing and the smallest ratio need the runs
 * of one cell measured together.
 */
import {
  bundleId,
  describeShard,
  selectShard,
  shardKey,
  type ShardDescriptor,
  type ShardSpec,
} from '../shard/index.js';

export interface Cell<C, F> {
  codec: C;
  file: F;
  key: string;
}

export function matrixCells<C extends { codec: { id: string } }, F extends { file: { path: string } }>(
  bundle: { name: string; version: string },
  plans: readonly C[],
  inputsOf: (plan: C) => F[],
): Array<Cell<C, F>> {
  const id = bundleId(bundle);
  return plans.flatMap((plan) =>
    inputsOf(plan).map((file) => ({
      codec: plan,
      file,
      key: shardKey({ bundle: id, codec: plan.codec.id, file: file.file.path }),
    })),
  );
}

/** The cells a shard measures (all of them unsharded) and, when sharded, the descriptor its results carry. */
export function shardCells<C, F>(
  cells: Array<Cell<C, F>>,
  spec: ShardSpec | undefined,
): { cells: Array<Cell<C, F>>; shard?: ShardDescriptor } {
  if (spec === undefined) return { cells };
  return {
    cells: selectShard(cells, (c) => c.key, spec),
    shard: describeShard(
      cells.map((c) => c.key),
      spec,
    ),
  };
}
