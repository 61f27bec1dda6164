import { CaqError } from '../errors.js';

/** Long key lists are cut in messages; the count of the rest is still given. */
const SHOWN = 10;

export function listSome(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

/**
 * Every reason a set of shards cannot be merged, gathered before refusing, so
 * that one run of `merge` tells a maintainer all that is wrong with the artifacts.
 */
export class MergeProblems {
  private readonly lines: string[] = [];
  private firstFile: string | undefined;

  add(files: readonly string[], message: string): void {
    this.lines.push(`${files.join(', ')}: ${message}`);
    this.firstFile ??= files[0];
  }

  get count(): number {
    return this.lines.length;
  }

  /** Throws MERGE_CONFLICT listing every problem, when there is one. */
  throwIfAny(): void {
    if (this.lines.length === 0) return;
    throw new CaqError(
      'MERGE_CONFLICT',
      `cannot merge the shards (${this.lines.length} problem${this.lines.length === 1 ? '' : 's'}):\n  ${this.lines.join('\n  ')}`,
      {
        file: this.firstFile,
        hint: 'merge the n shard files of one sharded run (same bundle, engine, protocol and --shard i/n count), each exactly once',
      },
    );
  }
}
