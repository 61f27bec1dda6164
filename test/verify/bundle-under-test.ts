import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, type BuiltBundle } from '../../harness/src/bundle/build.js';

const RECIPE = fileURLToPath(new URL('../../bundles/text_medium', import.meta.url));

/**
 * The bundle the tamper tests damage: a real build of text_medium (real data,
 * real engine, a real reference run), the bytes a release would ship. The
 * recipe is copied and built with `record`, so these tests do not depend on
 * the committed reference run being fresh for the engine of the moment; the
 * check end-to-end test builds the committed recipes as they are.
 */
export async function builtBundle(work: string): Promise<BuiltBundle> {
  const recipes = join(work, 'recipes');
  await cp(RECIPE, join(recipes, 'text_medium'), { recursive: true });
  const [bundle] = await buildBundles({
    names: ['text_medium'],
    outDir: join(work, 'dist'),
    recipesDir: recipes,
    record: true,
  });
  if (bundle === undefined) throw new Error('buildBundles returned no bundle for text_medium');
  return bundle;
}
