import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';
import { loadRecipe } from '../../harness/src/bundle/recipe.js';

/** The source model of a bundle whose data is drawn from a known distribution: for now the keep-masked Gaussian. */
export interface SourceModel {
  keep_probability: number;
}

export const bundleKey = (name: string, version: string): string => `${name}\0${version}`;

/**
 * Source models of the board's bundles, read from the recipes that build them (the one home of
 * their parameters): a bundle whose data files are all `numpy-legacy-gradient` draws with one
 * keep probability, and whose recipe has the board's name and version. Others have none.
 */
export async function sourceModels(
  bundles: readonly { name: string; version: string }[],
  recipesDir = defaultRecipesDir(),
): Promise<Map<string, SourceModel>> {
  const models = new Map<string, SourceModel>();
  const seen = new Set<string>();
  for (const { name, version } of bundles) {
    if (seen.has(bundleKey(name, version))) continue;
    seen.add(bundleKey(name, version));
    const file = join(recipesDir, name, 'recipe.yaml');
    if (!/^[a-z0-9_-]+$/.test(name) || !existsSync(file)) continue;
    const recipe = await loadRecipe(file);
    const data = recipe.files.filter((f) => f.role === 'data');
    const draws = data.flatMap((f) =>
      f.kind === 'synthetic' && f.synthetic.generator === 'numpy-legacy-gradient' ? [f.synthetic.keep_probability] : [],
    );
    const [p] = draws;
    if (recipe.version !== version || p === undefined || draws.length !== data.length || draws.some((q) => q !== p))
      continue;
    models.set(bundleKey(name, version), { keep_probability: p });
  }
  return models;
}
