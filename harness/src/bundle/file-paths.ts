import type { RecipeFile } from './recipe-types.js';

/** Index of a synthetic set's n-th file: 000, 001, … (sorts the same as numbers). */
export function indexLabel(n: number): string {
  return String(n).padStart(3, '0');
}

/** The output paths a recipe entry writes: one, or one per seed of a synthetic set. */
export function expandFilePaths(entry: RecipeFile): string[] {
  if (entry.kind !== 'synthetic') return [entry.path];
  return Array.from({ length: entry.synthetic.count }, (_, i) => entry.path.replace('{index}', indexLabel(i)));
}
