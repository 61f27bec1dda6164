import { listRecipes, loadRecipe } from '../../harness/src/bundle/build.js';
import { defaultRecipesDir } from '../../harness/src/bundle/paths.js';

/** `<name>-<version>` of each bundle of the repository's recipes, by name: the folder and tarball names a build writes. */
export async function bundleIds(): Promise<Record<string, string>> {
  const recipes = await listRecipes(defaultRecipesDir());
  const ids = await Promise.all(
    recipes.map(async (r) => [r.name, `${r.name}-${(await loadRecipe(r.path)).version}`] as const),
  );
  return Object.fromEntries(ids);
}
