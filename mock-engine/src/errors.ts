import { CodedError, type CodedErrorDetails } from './coded-error.js';

/**
 * Every failure the engine reports carries a stable code, the file or field it
 * concerns, and a hint. The engine CLI maps codes to exit statuses in
 * `ENGINE_EXIT_CODES`; the harness maps the same codes into its own table.
 */
export type EngineErrorCode =
  | 'E_USAGE' // bad command line
  | 'E_UNKNOWN_CODEC' // codec id not registered
  | 'E_BAD_PARAM' // unknown parameter or value out of range
  | 'E_BAD_CONTAINER' // wrong magic, unsupported version, truncated or foreign container
  | 'E_BAD_NPY' // malformed .npy header or unsupported dtype/order
  | 'E_SHAPE_MISMATCH' // dtype/shape do not match the byte count
  | 'E_IO' // input unreadable or output not writable
  | 'E_ROUNDTRIP' // a lossless codec did not reproduce its input
  | 'E_MANIFEST'; // bundle manifest unreadable or invalid for `run`

export const ENGINE_EXIT_CODES: Record<EngineErrorCode, number> = {
  E_USAGE: 2,
  E_UNKNOWN_CODEC: 3,
  E_BAD_PARAM: 4,
  E_BAD_CONTAINER: 5,
  E_BAD_NPY: 6,
  E_SHAPE_MISMATCH: 7,
  E_IO: 8,
  E_ROUNDTRIP: 9,
  E_MANIFEST: 10,
};

/** An engine failure; its exit status is `ENGINE_EXIT_CODES[code]`. */
export class EngineError extends CodedError<EngineErrorCode> {
  constructor(code: EngineErrorCode, message: string, details: CodedErrorDetails = {}) {
    super(code, message, details);
    this.name = 'EngineError';
  }
}
