import type { FileResult } from '../../../mock-engine/src/results.js';
import { bundleId, parseShardKey, shardKey } from '../../../mock-engine/src/shard/index.js';
import type { ShardInput } from './types.js';

/** A codec × file of the matrix, with the counted runs a shard took of it (null: all of them, unsharded by run). */
export interface DeclaredCell {
  codec: string;
  file: string;
  runs: number[] | null;
}

/** The key of a codec × file, whatever the run granularity. */
export function cellId(bundle: string, codec: string, file: string): string {
  return shardKey({ bundle, codec, file });
}

/** Declared keys grouped by codec × file, in the order given, each cell's runs ascending. */
export function declaredCells(keys: readonly string[]): Map<string, DeclaredCell> {
  const cells = new Map<string, DeclaredCell>();
  for (const key of keys) {
    const cell = parseShardKey(key);
    const id = cellId(cell.bundle, cell.codec, cell.file);
    const entry = cells.get(id) ?? { codec: cell.codec, file: cell.file, runs: cell.run === undefined ? null : [] };
    if (cell.run !== undefined) entry.runs?.push(cell.run);
    cells.set(id, entry);
  }
  for (const entry of cells.values()) entry.runs?.sort((a, b) => a - b);
  return cells;
}

/** The file results a shard holds, by cell id; a codec listed twice is reported by the caller through `duplicates`. */
export function heldCells(shard: ShardInput): {
  held: Map<string, { codecIndex: number; result: FileResult }>;
  duplicates: string[];
} {
  const bundle = bundleId(shard.results.bundle);
  const held = new Map<string, { codecIndex: number; result: FileResult }>();
  const duplicates: string[] = [];
  shard.results.codecs.forEach((codec, codecIndex) => {
    for (const result of codec.files) {
      const id = cellId(bundle, codec.codec, result.file);
      if (held.has(id)) duplicates.push(id);
      held.set(id, { codecIndex, result });
    }
  });
  return { held, duplicates };
}
