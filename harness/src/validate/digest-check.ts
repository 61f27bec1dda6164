import type { Submission } from '../submit/types.js';

/** Per data file, every distinct compressed SHA-256 a submission lists for it, in the order they first appear. */
export type ClaimedDigests = Record<string, string[]>;

/** What the re-run's bytes are held to: the digests, when the codec claims to be deterministic. */
export interface DigestClaim {
  deterministic: boolean;
  /** The codec version the submission names: another build may write other bytes, and the finding says so. */
  version: string;
  digests: ClaimedDigests;
}

export function digestClaim(submission: Submission): DigestClaim {
  return {
    deterministic: submission.codec.deterministic,
    version: submission.codec.version,
    digests: claimedDigests(submission),
  };
}

/** The digests a submission claims, from its rows that produced output. */
export function claimedDigests(submission: Submission): ClaimedDigests {
  const digests: ClaimedDigests = {};
  for (const run of submission.runs) {
    for (const row of run.files) {
      if (row.compressed_sha256 === null || row.failure !== null) continue;
      const seen = (digests[row.file] ??= []);
      if (!seen.includes(row.compressed_sha256)) seen.push(row.compressed_sha256);
    }
  }
  return digests;
}

const short = (digest: string): string => `${digest.slice(0, 16)}…`;

/**
 * A codec that claims determinism must write, on the maintainer's machine, the very bytes
 * it claimed: every re-run row's compressed SHA-256 equals the submission's for that file.
 * Sizes alone can be matched by another codec or typed in; the digest cannot. One finding
 * per file, naming it and the runs that differ. Nothing to check for a codec that does not
 * claim determinism.
 */
export function digestFindings({ deterministic, version, digests: claimed }: DigestClaim, rerun: Submission): string[] {
  if (!deterministic) return [];
  const findings: string[] = [];
  const files = [...new Set(rerun.runs.flatMap((run) => run.files.map((row) => row.file)))];
  for (const file of files) {
    const submitted = claimed[file] ?? [];
    if (submitted.length > 1) {
      findings.push(
        `${file}: the submission claims a deterministic codec but lists ${submitted.length} different compressed SHA-256 for it`,
      );
      continue;
    }
    const rows = rerun.runs.flatMap((run) =>
      run.files
        .filter((row) => row.file === file && row.failure === null && row.compressed_sha256 !== null)
        .map((row) => ({ run: run.run, digest: row.compressed_sha256! })),
    );
    if (submitted.length === 0) {
      if (rows.length > 0)
        findings.push(`${file}: the submission has no compressed SHA-256 to compare the re-run's with`);
      continue;
    }
    const differ = rows.filter((row) => row.digest !== submitted[0]);
    if (differ.length === 0) continue;
    const got = [...new Set(differ.map((row) => short(row.digest)))].join(', ');
    findings.push(
      `${file}: compressed SHA-256 differs from the submission's (deterministic codec): submitted ${short(submitted[0]!)}, re-run ${got} in run${differ.length === 1 ? '' : 's'} ${differ.map((row) => row.run).join(', ')}`,
    );
  }
  if (findings.length > 0 && rerun.codec.version !== version) {
    findings.push(
      `the codec here is version ${rerun.codec.version}, the submission's ${version}: re-run with the submitted build (--codec-cmd)`,
    );
  }
  return findings;
}
