import { join } from 'node:path';
import { packageRoot } from '../fs/package-root.js';

/** Where the project's own files live, from the package root (found once, by walking up to package.json). */
export function defaultRecipesDir(): string {
  return join(packageRoot(), 'bundles');
}

/** The single-file engine that `npm run build` writes and every bundle ships. */
export function builtEnginePath(): string {
  return join(packageRoot(), 'build', 'engine', 'mock-engine.mjs');
}
