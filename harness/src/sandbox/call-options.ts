import type { ChildLimits } from '../timing/launchers.js';
import type { CpuClock } from '../timing/types.js';
import { handOver, sealLaunch, type SealLaunch } from './seal-launch.js';
import type { SandboxPolicy } from './types.js';

/**
 * How one call of a codec runs under the session's policy: an external codec
 * (`codecPaths` non-null) gets the memory limit, and when sealed the process
 * limit and the seal over `workDir`; the engine's calls (null) run as they are.
 */
export async function callOptions(
  policy: SandboxPolicy,
  clock: CpuClock,
  codecPaths: readonly string[] | null,
  workDir: string,
): Promise<{ limits: ChildLimits; seal?: SealLaunch }> {
  if (codecPaths === null) return { limits: {} };
  if (!policy.sealed) return { limits: { addressSpace: policy.limits.maxMemoryBytes } };
  await handOver(workDir, policy);
  const limits = {
    addressSpace: policy.limits.maxMemoryBytes,
    ...(policy.limits.maxProcs === null ? {} : { processes: policy.limits.maxProcs }),
  };
  return { limits, seal: sealLaunch(policy, clock.helper!, codecPaths, workDir) };
}
