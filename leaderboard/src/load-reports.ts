import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CaqError } from '../../harness/src/errors.js';
import type { TrustedKey } from '../../harness/src/signing/keys.js';
import { verifyMessage } from '../../harness/src/signing/verify.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import { reportVerification } from '../../harness/src/validate/verification.js';
import { schemaErrorLines } from '../../harness/src/schema/findings.js';
import { schemaValidator } from '../../harness/src/schema/validator.js';
import type { Rejection } from './types.js';

export interface AdmittedReport {
  file: string;
  report: Report;
  /** Key id and holder of the trusted key that signed it. */
  signedBy: string;
}

/** Report files in the folder, in byte order of their names (so "first" means the same everywhere). */
async function reportFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((cause: unknown) => {
    throw new CaqError('LEADERBOARD_INPUT', `cannot read the reports folder: ${(cause as Error).message}`, {
      file: dir,
      cause,
    });
  });
  return names
    .filter((name) => name.endsWith('.json') && !name.includes('.tmp-'))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** A `validate --shard` output left among the reports: named for what it is, rather than as merely unsigned. */
function isValidationShard(bytes: Buffer): boolean {
  try {
    return (JSON.parse(bytes.toString('utf8')) as { schema?: unknown } | null)?.schema === 'caqbench/report-shard@1';
  } catch {
    return false;
  }
}

/**
 * Admits a report only when its signature by a trusted key covers its exact bytes,
 * it matches the report schema, its status is PASS, the maintainer re-ran the codec
 * (so there are measured figures to rank, not just a consistent claim), and no earlier
 * admitted report holds the same submission content. Every other report is listed
 * with the reason.
 */
export async function loadReports(
  dir: string,
  trusted: TrustedKey[],
): Promise<{ admitted: AdmittedReport[]; rejected: Rejection[] }> {
  const validate = schemaValidator('report');
  const admitted: AdmittedReport[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, string>();
  for (const file of await reportFiles(dir)) {
    const path = join(dir, file);
    const bytes = await readFile(path);
    if (isValidationShard(bytes)) {
      rejected.push({
        report: file,
        kind: 'invalid',
        code: 'LEADERBOARD_INPUT',
        reason: 'a shard of a sharded validation, not a report: join the shards with `caqbench merge --key`',
      });
      continue;
    }
    const signature = await readFile(`${path}.minisig`, 'utf8').catch(() => null);
    if (signature === null) {
      rejected.push({
        report: file,
        kind: 'unsigned',
        code: 'SIGNATURE_INVALID',
        reason: `unsigned: no ${file}.minisig`,
      });
      continue;
    }
    let signedBy: string;
    try {
      const verified = verifyMessage(bytes, signature, trusted, `${path}.minisig`);
      signedBy = `${verified.keyId} ${verified.signer}`.trim();
    } catch (error) {
      if (!(error instanceof CaqError)) throw error;
      rejected.push({
        report: file,
        kind: 'signature',
        code: 'SIGNATURE_INVALID',
        reason: `signature invalid: ${error.message}`,
      });
      continue;
    }
    let report: unknown;
    try {
      report = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      rejected.push({
        report: file,
        kind: 'invalid',
        code: 'LEADERBOARD_INPUT',
        reason: `not JSON: ${(error as Error).message}`,
      });
      continue;
    }
    if (!validate(report)) {
      rejected.push({
        report: file,
        kind: 'invalid',
        code: 'LEADERBOARD_INPUT',
        reason: `not a caqbench report: ${schemaErrorLines(validate.errors).join('; ')}`,
      });
      continue;
    }
    const valid = report as Report;
    const digest = valid.submission.content_sha256;
    if (valid.status !== 'PASS' || digest === null) {
      rejected.push({
        report: file,
        kind: 'failed',
        code: valid.failures[0] ?? 'SUBMISSION_SCHEMA',
        reason: `validation ${valid.status}: ${valid.failures.join(', ')}`,
      });
      continue;
    }
    if (reportVerification(valid) !== 're-run' || valid.rerun === null) {
      rejected.push({
        report: file,
        kind: 'not-rerun',
        code: 'LEADERBOARD_NOT_RERUN',
        reason:
          'not re-run: the PASS says only that the claim is internally consistent; validate it with --rerun N to rank measured figures',
      });
      continue;
    }
    const first = seen.get(digest);
    if (first !== undefined) {
      rejected.push({
        report: file,
        kind: 'duplicate',
        code: 'LEADERBOARD_INPUT',
        reason: `duplicate of ${first}: same submission content (sha256 ${digest.slice(0, 12)}…)`,
      });
      continue;
    }
    seen.set(digest, file);
    admitted.push({ file, report: valid, signedBy });
  }
  return { admitted, rejected };
}
