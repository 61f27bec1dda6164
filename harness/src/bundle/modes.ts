import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { walkSorted } from './walk.js';

/** Files a stranger runs directly; everything else is data. */
const EXECUTABLES = new Set(['run_canonical.sh', 'engine/mock-engine.mjs']);

/**
 * The one mode rule for folder and archive alike: 0755 for directories and
 * executables, 0644 for the rest, whatever the umask of the build.
 */
export function normalisedMode(pathInBundle: string, type: 'dir' | 'file'): number {
  return type === 'dir' || EXECUTABLES.has(pathInBundle) ? 0o755 : 0o644;
}

export async function normaliseModes(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await walkSorted(folder)) {
    await chmod(join(folder, entry.path), normalisedMode(entry.path, entry.type));
  }
}
