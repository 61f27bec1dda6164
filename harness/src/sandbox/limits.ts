import { CaqError } from '../errors.js';

/**
 * Defaults of the per-call limits. 4 GiB of address space runs node, python3, a
 * JVM and xz -9 (measured: each starts and runs under `ulimit -v` of 4 GiB; a JVM
 * does not start under 2 GiB); 256 tasks leave room for a threaded codec.
 */
export const LIMIT_DEFAULTS = { maxMemoryBytes: 4 * 1024 ** 3, maxProcs: 256 } as const;

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `--max-memory`: bytes, or a whole number with K, M, G or T (binary units, optional `iB`/`B`), e.g. `512M`, `4GiB`. */
export function parseByteSize(text: string, option: string): number {
  const m = /^([1-9][0-9]*)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  const bytes = m === null ? NaN : Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes) || bytes < 1 << 20) {
    throw new CaqError('USAGE', `${option} needs a size of at least 1 MiB, e.g. 512M or 4G; got '${text}'`, {
      field: option,
    });
  }
  return bytes;
}

export function parseProcCount(text: string, option: string): number {
  if (!/^[1-9][0-9]*$/.test(text.trim()))
    throw new CaqError('USAGE', `${option} needs a positive whole number, got '${text}'`, { field: option });
  return Number(text);
}

export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
