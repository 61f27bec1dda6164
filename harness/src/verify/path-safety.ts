/**
 * Rules for the relative paths a bundle may hold, shared by folder walks,
 * tar entries and checksum lists, so that a path refused in one is refused in all.
 */

/** Strips leading `./` (coreutils and GNU tar both write them) and trailing `/` (tar directories). */
export function normaliseEntryPath(path: string): string {
  let p = path;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** Why a normalised relative path is unsafe to read or extract, or null when it is fine. */
export function unsafePathReason(path: string): string | null {
  if (path === '' || path === '.') return 'empty path';
  if (path.includes('\0')) return 'NUL byte in path';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive-letter path';
  // A backslash is a separator for Windows extractors: `..\x` would climb out there.
  if (path.includes('\\')) return 'backslash in path';
  const segments = path.split('/');
  if (segments.includes('..')) return "'..' segment";
  if (segments.some((s) => s === '' || s === '.')) return "empty or '.' segment";
  return null;
}
