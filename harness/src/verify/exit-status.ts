import type { CaqErrorCode } from '../errors.js';
import { exitStatusFor } from '../errors.js';
import type { Finding, VerifyReport } from './types.js';

/**
 * When a bundle has several kinds of findings, the exit status is that of the
 * class listed first here: the root cause before its consequences. An
 * unreadable archive or an empty SHA256SUMS makes files look missing or
 * unlisted; those follow-on findings are still reported, but the status names
 * the cause. This order is documented in `caqbench verify --help`.
 */
export const VERIFY_PRECEDENCE: readonly CaqErrorCode[] = [
  'VERIFY_ARCHIVE_CORRUPT',
  'VERIFY_SIZE_LIMIT',
  'VERIFY_UNSAFE_ENTRY',
  'VERIFY_CHECKSUMS_MALFORMED',
  'VERIFY_MANIFEST_INVALID',
  'VERIFY_MANIFEST_DISAGREES',
  'VERIFY_FILE_MISSING',
  'VERIFY_DIGEST_MISMATCH',
  'VERIFY_FILE_UNLISTED',
];

/** The finding class that decides the exit status, or null when there is none. */
export function decidingCode(findings: readonly Finding[]): CaqErrorCode | null {
  const present = new Set(findings.map((f) => f.code));
  for (const code of VERIFY_PRECEDENCE) if (present.has(code)) return code;
  return findings[0]?.code ?? null;
}

export function verifyExitStatus(report: VerifyReport): number {
  const code = decidingCode(report.findings);
  return code === null ? 0 : exitStatusFor(code);
}
