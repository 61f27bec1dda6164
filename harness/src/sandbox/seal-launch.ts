import { chmod, chown } from 'node:fs/promises';
import { bwrapArgv } from './bwrap-argv.js';
import { hostLayout, isSystemPath } from './host-layout.js';
import type { SandboxPolicy } from './types.js';

export type SealedPolicy = Extract<SandboxPolicy, { sealed: true }>;

/** How run-timed starts one sealed call: bwrap with these options, then the timing helper and the command. */
export interface SealLaunch {
  file: string;
  prefix: string[];
  /** Started as this host user (caqbench runs as root): see SealedPolicy.hostUser. */
  uid?: number;
  gid?: number;
}

/** The uid/gid a root caqbench starts the seal as: the unprivileged `nobody`, for which RLIMIT_NPROC holds. */
export const SEAL_HOST_USER = { uid: 65534, gid: 65534 } as const;

export function sealHostUser(): { uid: number; gid: number } | null {
  return process.getuid?.() === 0 ? { ...SEAL_HOST_USER } : null;
}

/**
 * One sealed call's launch: the helper, the codec's own paths and the session's
 * `--allow-read` paths read-only, `workDir` writable, a private /tmp no larger than
 * the memory limit. Paths under the system
 * directories are visible anyway and are not bound twice.
 */
export function sealLaunch(
  policy: SealedPolicy,
  helper: string,
  codecPaths: readonly string[],
  workDir: string,
): SealLaunch {
  const readOnly = [helper, ...codecPaths, ...policy.allowRead].filter((path) => !isSystemPath(path));
  const prefix = bwrapArgv({ system: hostLayout(), readOnly, workDir, tmpBytes: policy.limits.maxMemoryBytes });
  return policy.hostUser === null ? { file: policy.bwrap, prefix } : { file: policy.bwrap, prefix, ...policy.hostUser };
}

/** A fresh working directory the sealed codec can write: its own (as the seal's host user) and nobody else's. */
export async function handOver(workDir: string, policy: SandboxPolicy | null): Promise<void> {
  if (policy === null || !policy.sealed || policy.hostUser === null) return;
  await chown(workDir, policy.hostUser.uid, policy.hostUser.gid);
  await chmod(workDir, 0o700);
}

/** The folder holding the calls' working directories: traversable (not listable) by the seal's host user. */
export async function openWorkRoot(workRoot: string, policy: SandboxPolicy | null): Promise<void> {
  if (policy?.sealed && policy.hostUser !== null) await chmod(workRoot, 0o711);
}
