import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaqError } from '../errors.js';

let cached: string | undefined;

/**
 * The caqbench package folder (holding package.json, build/, schemas/, harness/wrappers/).
 * Found by walking up from this module, because it runs both from source
 * (harness/src/timing) under the tests and from build/harness/src/timing.
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'caqbench') return (cached = dir);
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new CaqError('INTERNAL', `caqbench package root not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
