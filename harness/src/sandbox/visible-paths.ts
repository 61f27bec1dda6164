import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CaqError } from '../errors.js';
import { isSystemPath } from './host-layout.js';

/** The path with its symlinks resolved, or as given when it does not exist. */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The program of a codec command as the seal will exec it: a path with a slash against `cwd`, a bare name on the host's PATH. */
export function resolveProgram(program: string, cwd: string, path = process.env.PATH ?? ''): string {
  if (program.includes('/')) return resolve(cwd, program);
  for (const dir of path.split(delimiter).filter((d) => isAbsolute(d))) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return program;
}

/** The folders a sealed codec sees read-only: its program's, and its target's when the program is a symlink. */
export function codecFolders(program: string): string[] {
  if (!isAbsolute(program)) return [];
  // A missing program keeps its own folder: the info call then reports it missing.
  return [...new Set([dirname(program), dirname(realOrSelf(program))])].filter((dir) => !isSystemPath(`${dir}/`));
}

/** Whether the unprivileged seal user can reach `path` (traverse every folder above it, read it). */
function reachable(path: string, user: { uid: number; gid: number }): boolean {
  const allowed = (p: string, bit: number): boolean => {
    const st = statSync(p);
    const shift = st.uid === user.uid ? 6 : st.gid === user.gid ? 3 : 0;
    return ((st.mode >> shift) & bit) === bit;
  };
  try {
    const dirs: string[] = [];
    for (let d = dirname(path); d !== dirname(d); d = dirname(d)) dirs.push(d);
    return dirs.every((d) => allowed(d, 1)) && allowed(path, statSync(path).isDirectory() ? 5 : 4);
  } catch {
    return false;
  }
}

/**
 * Refuses a path the seal would expose beyond what it is meant to: the whole
 * host (`/`), the folder holding the calls' working directories (e.g. /tmp), or
 * anything holding a hidden path (the signing key). Under a root caqbench it
 * must also be readable by the seal's unprivileged user.
 */
export function checkVisible(
  path: string,
  what: string,
  guard: { hidden: readonly string[]; workRoot?: string; user: { uid: number; gid: number } | null },
): void {
  // bwrap follows symlinks in what it binds: judge what the path really shows.
  const real = realOrSelf(path);
  const shows = (inner: string): boolean => isWithin(inner, path) || isWithin(realOrSelf(inner), real);
  const exposed = [
    real === '/' ? 'the whole host' : null,
    guard.workRoot !== undefined && shows(guard.workRoot) ? `${guard.workRoot}, where the calls run` : null,
  ]
    .concat(guard.hidden.filter((h) => shows(h)).map((h) => `${h}, which must stay hidden`))
    .filter((x): x is string => x !== null);
  if (exposed.length > 0) {
    throw new CaqError('USAGE', `${what} ${path} would show the sealed codec ${exposed.join(' and ')}`, {
      file: path,
      hint: 'give the codec a folder of its own, and --allow-read only what it needs',
    });
  }
  if (guard.user !== null && !reachable(path, guard.user)) {
    throw new CaqError(
      'USAGE',
      `${what} ${path} is not readable by uid ${guard.user.uid}, which the seal runs as under root`,
      {
        file: path,
        hint: 'make it and the folders above it world-readable (chmod o+rX), or keep the codec outside private folders such as /root',
      },
    );
  }
}
