/** Where a run happened: CPU figures are only comparable on like machines. */
import { arch, availableParallelism, cpus, release, type } from 'node:os';
import type { Environment } from '../results.js';

export function environment(): Environment {
  const list = cpus();
  return {
    node: process.version,
    os: `${type()} ${release()}`,
    arch: arch(),
    cpu_model: list[0]?.model.trim() || 'unknown',
    cores: availableParallelism(),
  };
}
