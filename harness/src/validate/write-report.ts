import { rm } from 'node:fs/promises';
import type { SecretKey } from '../signing/keys.js';
import { writeSignatureFile } from '../signing/sign.js';
import { writeOutput } from '../fs/output.js';
import type { Report } from './report-types.js';

export function reportBytes(report: Report): Buffer {
  return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

/**
 * Writes the report atomically and, with a key, `<out>.minisig` over its exact bytes.
 * Without a key a stale signature beside `out` is removed: it would belong to other bytes.
 */
export async function writeReport(
  report: Report,
  out: string,
  key?: SecretKey,
  now = Date.now(),
): Promise<{ bytes: Buffer; signature: string | null }> {
  const bytes = reportBytes(report);
  await writeOutput(out, bytes);
  if (key === undefined) {
    await rm(`${out}.minisig`, { force: true });
    return { bytes, signature: null };
  }
  return { bytes, signature: await writeSignatureFile(out, bytes, key, Math.floor(now / 1000)) };
}
