import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the project's own files live. The harness runs both from its sources
 * (tests, tsx) and compiled under build/, so the root is found by walking up to
 * the package.json named `caqbench` instead of counting `..` segments.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'caqbench') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('caqbench package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

let root: string | undefined;

export function packageRoot(): string {
  root ??= findPackageRoot();
  return root;
}

export function defaultRecipesDir(): string {
  return join(packageRoot(), 'bundles');
}

export function schemaPath(name: string): string {
  return join(packageRoot(), 'schemas', `${name}.schema.json`);
}

/** The single-file engine that `npm run build` writes and every bundle ships. */
export function builtEnginePath(): string {
  return join(packageRoot(), 'build', 'engine', 'mock-engine.mjs');
}
