import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Summary } from '../../../mock-engine/src/results.js';
import { measureWithProtocol, type ProtocolOptions, type Stability } from './protocol.js';

/**
 * A fixed workload timed in every session, so CPU seconds can also be given in
 * "reference units" and a maintainer can tell a slower codec from a slower
 * machine: zlib deflate level 6 of a fixed 512 KiB text-like buffer.
 */
export const REFERENCE_WORKLOAD = 'zlib deflate level 6 of a fixed 512 KiB text-like buffer (in-process, process.cpuUsage)';

export interface ReferenceTiming {
  workload: string;
  zlib_version: string;
  /** SHA-256 of the input, so two sessions can prove they timed the same bytes. */
  input_sha256: string;
  compressed_bytes: number;
  cpu_s: Summary;
  stability: Stability;
}

const WORDS = ['the', 'whale', 'sea', 'ship', 'captain', 'of', 'and', 'a', 'to', 'in', 'harpoon', 'white', 'deep', 'Ahab', 'boat', 'wind'];

let cached: Buffer | undefined;

/** Deterministic words from a fixed-seed LCG: compressible like prose, identical on every machine. */
export function referenceBuffer(): Buffer {
  if (cached !== undefined) return cached;
  const bytes = 1 << 19;
  const words = WORDS.flatMap((w) => [Buffer.from(`${w} `, 'latin1'), Buffer.from(`${w}.\n`, 'latin1')]);
  const out = Buffer.alloc(bytes);
  let state = 0x2545f491;
  for (let pos = 0; pos < bytes; ) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const word = words[2 * ((state >>> 16) % WORDS.length) + ((state & 0xff) < 24 ? 1 : 0)]!;
    pos += word.copy(out, pos);
  }
  return (cached = out);
}

export async function measureReferenceWorkload(opts: ProtocolOptions): Promise<ReferenceTiming> {
  const input = referenceBuffer();
  let compressedBytes = 0;
  const result = await measureWithProtocol(
    opts,
    'reference_cpu_s',
    async () => {
      const before = process.cpuUsage();
      compressedBytes = deflateSync(input, { level: 6 }).length;
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1e6;
    },
    (seconds) => seconds,
  );
  return {
    workload: REFERENCE_WORKLOAD,
    zlib_version: process.versions.zlib ?? 'unknown',
    input_sha256: createHash('sha256').update(input).digest('hex'),
    compressed_bytes: compressedBytes,
    cpu_s: result.summary,
    stability: result.stability,
  };
}
