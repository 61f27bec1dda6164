import { lstatSync, readlinkSync } from 'node:fs';

/** A system path as the host has it: a directory or file to bind read-only, or a symlink to recreate. */
export type SystemEntry = { path: string; kind: 'bind' } | { path: string; kind: 'symlink'; target: string };

// Programs and libraries only: /usr, and the merged-/usr links (or, on older layouts, directories) beside it.
const SYSTEM_PATHS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'];
/**
 * Of /etc, only what a stock codec or a shell script needs to start: the loader's
 * cache, and the Debian alternatives links (awk, java, … point through them).
 * No passwd, hosts or resolver files: nothing there helps compress, and a
 * codec has no network to resolve names on.
 */
const ETC_PATHS = ['/etc/ld.so.cache', '/etc/alternatives'];

function entry(path: string): SystemEntry | null {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return { path, kind: 'symlink', target: readlinkSync(path) };
    return stat.isDirectory() || stat.isFile() ? { path, kind: 'bind' } : null;
  } catch {
    return null;
  }
}

let cached: SystemEntry[] | undefined;

/** The host's system paths that exist, read once per process. */
export function hostLayout(): SystemEntry[] {
  cached ??= [...SYSTEM_PATHS, ...ETC_PATHS].flatMap((path) => entry(path) ?? []);
  return cached;
}

/** Whether `path` lies in the system paths every sealed call sees anyway. */
export function isSystemPath(path: string): boolean {
  return ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'].some((dir) => path.startsWith(dir));
}
