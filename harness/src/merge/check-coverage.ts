import type { ShardDescriptor } from '../../../mock-engine/src/shard/index.js';
import { listSome, type MergeProblems } from './problems.js';

/** A shard file as coverage sees it: its name and its descriptor (results shards and validation shards alike). */
export interface DescribedShard {
  file: string;
  shard: ShardDescriptor;
}

const label = (s: DescribedShard): string => `shard ${s.shard.index}/${s.shard.count} (${s.file})`;

/**
 * The shards must cover their declared matrix exactly once: every shard cut
 * from the same matrix, each index 1..n present once, no key in two shards,
 * and every key in one.
 */
export function checkCoverage(shards: readonly DescribedShard[], problems: MergeProblems): void {
  const matrix = shards[0]!.shard.matrix;
  const sameMatrix = (s: DescribedShard): boolean =>
    s.shard.matrix.length === matrix.length && s.shard.matrix.every((k, i) => k === matrix[i]);
  const others = shards.filter((s) => !sameMatrix(s));
  if (others.length > 0) {
    problems.add(
      [shards[0]!.file, ...others.map((s) => s.file)],
      `the shards were cut from different matrices (the runs covered different codecs or files); ${listSome(others.map(label))} differ from ${label(shards[0]!)}`,
    );
    return;
  }
  const count = shards[0]!.shard.count;
  const byIndex = new Map<number, DescribedShard[]>();
  for (const s of shards) byIndex.set(s.shard.index, [...(byIndex.get(s.shard.index) ?? []), s]);
  for (const [index, same] of byIndex) {
    if (same.length > 1)
      problems.add(
        same.map((s) => s.file),
        `shard ${index}/${count} is given ${same.length} times`,
      );
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    problems.add(
      shards.map((s) => s.file),
      `missing shard${missing.length === 1 ? '' : 's'} ${listSome(missing.map((i) => `${i}/${count}`))}`,
    );

  const holders = new Map<string, DescribedShard[]>();
  for (const s of shards) for (const key of s.shard.keys) holders.set(key, [...(holders.get(key) ?? []), s]);
  // Grouped by the set of shards holding them, so a botched split gives one line, not one per key.
  const overlapping = new Map<string, { held: DescribedShard[]; keys: string[] }>();
  for (const [key, held] of holders) {
    if (held.length < 2) continue;
    const group = held.map((s) => s.file).join('\0');
    const entry = overlapping.get(group) ?? { held, keys: [] };
    entry.keys.push(key);
    overlapping.set(group, entry);
  }
  for (const { held, keys } of overlapping.values()) {
    problems.add(
      held.map((s) => s.file),
      `overlapping shards: ${keys.length} key${keys.length === 1 ? '' : 's'} in both ${held.map(label).join(' and ')}: ${listSome(keys)}`,
    );
  }
  const uncovered = matrix.filter((key) => !holders.has(key));
  if (uncovered.length > 0) {
    problems.add(
      shards.map((s) => s.file),
      `${uncovered.length} key${uncovered.length === 1 ? '' : 's'} of the matrix in no shard: ${listSome(uncovered)}`,
    );
  }
}
