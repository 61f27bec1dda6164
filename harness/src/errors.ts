/**
 * Typed failures of the harness, each code with its exit status and meaning
 * beside it: `caqbench help exit-codes` prints this table and a test checks the
 * README's copy against it. The library throws these and never prints or exits.
 */
import { CodedError, type CodedErrorDetails } from '../../mock-engine/src/coded-error.js';

export const EXIT_CODES = {
  USAGE: { status: 2, meaning: 'bad command line: unknown option, missing argument' },
  INTERNAL: { status: 1, meaning: 'unexpected internal error (a bug: please report it)' },
  OUTPUT_UNWRITABLE: {
    status: 73,
    meaning: 'an output cannot be written (permission, not a folder, a folder in the way, disk full, read-only)',
  },
  // build
  RECIPE_INVALID: { status: 20, meaning: 'a bundle recipe is malformed or fails its schema' },
  SOURCE_MISSING: { status: 21, meaning: 'a pinned data source is not installed (run npm ci)' },
  SOURCE_DIGEST_MISMATCH: { status: 22, meaning: 'a data source does not match its pinned SHA-256' },
  ENGINE_MISSING: { status: 23, meaning: 'the single-file engine has not been built (npm run build)' },
  BUILD_RUN_FAILED: {
    status: 24,
    meaning: "the build's engine run failed, disagrees with itself, or with the recorded expected results",
  },
  // verify (one per failure class)
  VERIFY_DIGEST_MISMATCH: { status: 30, meaning: 'a file does not match its listed SHA-256' },
  VERIFY_FILE_MISSING: { status: 31, meaning: 'a listed file is missing' },
  VERIFY_FILE_UNLISTED: { status: 32, meaning: 'a file is present but not listed' },
  VERIFY_CHECKSUMS_MALFORMED: { status: 33, meaning: 'the checksum list is missing, empty or malformed' },
  VERIFY_UNSAFE_ENTRY: {
    status: 34,
    meaning: 'symlink, hardlink, device, absolute path, .. segment or duplicate entry',
  },
  VERIFY_ARCHIVE_CORRUPT: { status: 35, meaning: 'corrupt or truncated gzip/tar' },
  VERIFY_SIZE_LIMIT: { status: 36, meaning: 'an entry or the whole archive exceeds the allowed size' },
  VERIFY_MANIFEST_INVALID: { status: 37, meaning: 'bundle.json fails its schema' },
  VERIFY_MANIFEST_DISAGREES: { status: 38, meaning: 'bundle.json and SHA256SUMS disagree' },
  // compare / run
  COMPARE_OUT_OF_TOLERANCE: { status: 40, meaning: 'a compared metric is outside the tolerance' },
  RESULTS_INVALID: { status: 41, meaning: 'a results or shard file is unreadable or fails its schema' },
  ENGINE_FAILED: { status: 42, meaning: 'the engine rejected its input (see its message)' },
  // submit
  CODEC_INFO_INVALID: { status: 50, meaning: "the codec's `info` output is missing or invalid" },
  CODEC_RUNS_FAILED: { status: 51, meaning: 'the submission was written, but some codec calls failed' },
  SANDBOX_UNAVAILABLE: {
    status: 52,
    meaning: 'validate --rerun cannot seal the codec (bubblewrap missing or unusable) and --no-sandbox was not given',
  },
  // validate
  SUBMISSION_SCHEMA: { status: 60, meaning: 'the submission fails its schema' },
  SUBMISSION_BUNDLE_MISMATCH: { status: 61, meaning: 'unknown bundle or bundle digest mismatch' },
  SUBMISSION_COVERAGE: { status: 62, meaning: 'data files not covered exactly once per run' },
  SUBMISSION_RECOMPUTE: { status: 63, meaning: 'claimed ratio or CAQ differ from the recomputed ones' },
  SUBMISSION_TOO_FEW_RUNS: { status: 64, meaning: 'fewer than 3 runs' },
  SUBMISSION_VARIANCE: { status: 65, meaning: 'run-to-run CAQ variance above the gate' },
  SUBMISSION_ROUNDTRIP: {
    status: 66,
    meaning: 'a lossless claim did not round-trip, or a lossy one declares no distortion',
  },
  SUBMISSION_RERUN: { status: 67, meaning: "the maintainer's re-run does not reproduce the claim" },
  SIGNATURE_INVALID: { status: 68, meaning: 'a report signature is missing, forged or does not match its bytes' },
  KEY_INVALID: { status: 69, meaning: 'a key file is unreadable or not an Ed25519 key' },
  // leaderboard
  LEADERBOARD_INPUT: {
    status: 70,
    meaning:
      'the reports folder or a report to add is unreadable, clashes with one there, or another update holds the lock',
  },
  LEADERBOARD_NOT_RERUN: {
    status: 71,
    meaning: 'a PASS report was not re-run by the maintainer: consistent, not verified, so not ranked',
  },
  // merge
  MERGE_CONFLICT: { status: 80, meaning: 'shards overlap, are missing, or come from different bundles or validations' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type CaqErrorCode = keyof typeof EXIT_CODES;
export type CaqErrorDetails = CodedErrorDetails;

export class CaqError extends CodedError<CaqErrorCode> {
  constructor(code: CaqErrorCode, message: string, details: CaqErrorDetails = {}) {
    super(code, message, details);
    this.name = 'CaqError';
  }
}

export function exitStatusFor(code: CaqErrorCode): number {
  return EXIT_CODES[code].status;
}
