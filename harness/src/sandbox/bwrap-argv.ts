import type { SystemEntry } from './host-layout.js';

export interface SealedCallLayout {
  /** The host's system paths (hostLayout()). */
  system: readonly SystemEntry[];
  /** Read-only at their own path: the timing helper, the codec's folder, every `--allow-read` path. */
  readOnly: readonly string[];
  /** The call's fresh working directory: the only writable place, and HOME. */
  workDir: string;
  /** Size of the private /tmp (RAM-backed: without a cap a codec could fill memory through it). */
  tmpBytes: number;
}

/** Every namespace, each one required: bwrap's --unshare-all would quietly skip a user namespace it cannot get. */
const NAMESPACES = [
  '--unshare-user',
  '--unshare-pid',
  '--unshare-net',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
];

/**
 * bwrap's options for one sealed call, ending in `--`; the command follows.
 * - No capabilities (--cap-drop ALL): as root, bwrap keeps them in the new user namespace,
 *   and with CAP_SYS_ADMIN there a codec can remount a read-only bind read-write
 *   (checked here: it then wrote into the host folder). --disable-userns stops it from
 *   getting them back in a nested namespace.
 * - --as-pid-1: the timing helper is the namespace's init, the parent of every orphan.
 * - The host's system directories read-only, as the host lays them out (merged /usr links).
 */
export function bwrapArgv(layout: SealedCallLayout): string[] {
  const args = [
    ...NAMESPACES,
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--cap-drop',
    'ALL',
    '--hostname',
    'caqbench-seal',
  ];
  for (const entry of layout.system) {
    if (entry.kind === 'symlink') args.push('--symlink', entry.target, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--size', String(layout.tmpBytes), '--tmpfs', '/tmp');
  for (const path of [...new Set(layout.readOnly)].sort()) args.push('--ro-bind', path, path);
  args.push('--bind', layout.workDir, layout.workDir, '--chdir', layout.workDir);
  args.push(
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/bin:/bin',
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--setenv',
    'HOME',
    layout.workDir,
    '--setenv',
    'TMPDIR',
    '/tmp',
  );
  args.push('--');
  return args;
}
