import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { CaqError } from '../errors.js';
import type { CpuClock } from '../timing/types.js';
import { LIMIT_DEFAULTS } from './limits.js';
import { bwrapPath, probeSandbox } from './probe.js';
import { sealHostUser } from './seal-launch.js';
import type { SandboxPolicy, SandboxRecord, SandboxRequest } from './types.js';
import { checkVisible } from './visible-paths.js';

/**
 * Decides how this session runs external codecs: sealed when bwrap works here,
 * unsealed when asked (`--no-sandbox`) or when it does not (the caller decides
 * whether that is acceptable: `submit` warns, `validate --rerun` refuses).
 * `--allow-read` paths are checked now, before any call.
 */
export async function resolveSandbox(request: SandboxRequest, clock: CpuClock, cwd: string): Promise<SandboxPolicy> {
  const allowRead = (request.allowRead ?? []).map((path) => resolve(cwd, path));
  for (const path of allowRead) {
    if (!existsSync(path))
      throw new CaqError('USAGE', `--allow-read ${path} does not exist`, { field: '--allow-read', file: path });
  }
  const maxMemoryBytes = request.maxMemoryBytes ?? LIMIT_DEFAULTS.maxMemoryBytes;
  if (request.disabled === true)
    return {
      sealed: false,
      requested: true,
      reason: '--no-sandbox',
      allowRead,
      limits: { maxMemoryBytes, maxProcs: null },
    };
  const bwrap = bwrapPath(request.bwrapPath);
  const probe = await probeSandbox(bwrap, clock);
  if (!probe.usable)
    return {
      sealed: false,
      requested: false,
      reason: probe.reason,
      allowRead,
      limits: { maxMemoryBytes, maxProcs: null },
    };
  const hidden = (request.hidden ?? []).map((path) => resolve(cwd, path));
  const hostUser = sealHostUser();
  for (const path of allowRead) checkVisible(path, '--allow-read', { hidden, workRoot: tmpdir(), user: hostUser });
  return {
    sealed: true,
    bwrap,
    tool: probe.tool,
    allowRead,
    hidden,
    limits: { maxMemoryBytes, maxProcs: request.maxProcs ?? LIMIT_DEFAULTS.maxProcs },
    hostUser,
  };
}

/**
 * `validate --rerun` never runs a stranger's codec unsealed by accident: without a
 * working bwrap it stops here (before the first codec call) unless `--no-sandbox` says so.
 */
export async function requireSandbox(request: SandboxRequest, clock: CpuClock): Promise<void> {
  if (request.disabled === true) return;
  const bwrap = bwrapPath(request.bwrapPath);
  const probe = await probeSandbox(bwrap, clock);
  if (!probe.usable) {
    throw new CaqError('SANDBOX_UNAVAILABLE', `cannot seal the re-run's codec calls: ${probe.reason}`, {
      file: bwrap,
      hint: 'install bubblewrap (Debian: apt-get install bubblewrap), or pass --no-sandbox to run the codec unsealed (the report records it)',
    });
  }
}

/** What a submission and a report record of how the codec ran. */
export function sandboxRecord(policy: SandboxPolicy, external: boolean): SandboxRecord {
  const limits = { max_memory_bytes: policy.limits.maxMemoryBytes, max_procs: policy.limits.maxProcs };
  if (!external)
    return {
      sealed: false,
      tool: null,
      allow_read: [],
      limits,
      warning: "engine codec: the harness's own engine runs unsealed",
    };
  if (policy.sealed) return { sealed: true, tool: policy.tool, allow_read: policy.allowRead, limits };
  const why = policy.requested ? 'sealing was turned off (--no-sandbox)' : `sealing is unavailable: ${policy.reason}`;
  return {
    sealed: false,
    tool: null,
    allow_read: policy.allowRead,
    limits,
    warning: `the codec ran unsealed, with access to this machine's files and network: ${why}`,
  };
}
