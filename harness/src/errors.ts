/**
 * Typed failures of the harness. The library throws these and never prints or
 * exits; the CLI maps `code` to an exit status in cli/exit-codes.ts.
 */
export type CaqErrorCode =
  | 'USAGE'
  | 'INTERNAL'
  // build
  | 'RECIPE_INVALID'
  | 'SOURCE_MISSING'
  | 'SOURCE_DIGEST_MISMATCH'
  | 'ENGINE_MISSING'
  | 'BUILD_RUN_FAILED'
  // verify (one per failure class)
  | 'VERIFY_DIGEST_MISMATCH'
  | 'VERIFY_FILE_MISSING'
  | 'VERIFY_FILE_UNLISTED'
  | 'VERIFY_CHECKSUMS_MALFORMED'
  | 'VERIFY_UNSAFE_ENTRY'
  | 'VERIFY_ARCHIVE_CORRUPT'
  | 'VERIFY_SIZE_LIMIT'
  | 'VERIFY_MANIFEST_INVALID'
  | 'VERIFY_MANIFEST_DISAGREES'
  // compare / run
  | 'COMPARE_OUT_OF_TOLERANCE'
  | 'RESULTS_INVALID'
  // engine (mapped from EngineError)
  | 'ENGINE_FAILED'
  // submit
  | 'CODEC_INFO_INVALID'
  | 'CODEC_RUNS_FAILED'
  | 'SANDBOX_UNAVAILABLE'
  // validate
  | 'SUBMISSION_SCHEMA'
  | 'SUBMISSION_BUNDLE_MISMATCH'
  | 'SUBMISSION_COVERAGE'
  | 'SUBMISSION_RECOMPUTE'
  | 'SUBMISSION_TOO_FEW_RUNS'
  | 'SUBMISSION_VARIANCE'
  | 'SUBMISSION_ROUNDTRIP'
  | 'SUBMISSION_RERUN'
  | 'SIGNATURE_INVALID'
  | 'KEY_INVALID'
  // leaderboard
  | 'LEADERBOARD_INPUT'
  // merge
  | 'MERGE_CONFLICT';

export interface CaqErrorDetails {
  file?: string;
  field?: string;
  hint?: string;
  cause?: unknown;
}

export class CaqError extends Error {
  readonly code: CaqErrorCode;
  readonly file?: string;
  readonly field?: string;
  readonly hint?: string;

  constructor(code: CaqErrorCode, message: string, details: CaqErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CaqError';
    this.code = code;
    this.file = details.file;
    this.field = details.field;
    this.hint = details.hint;
  }
}
