/**
 * The one coded error base, for the engine and the harness alike: a stable
 * code, the file or field concerned and a hint. Each tool keeps its own code
 * union and its exit statuses beside it (mock-engine/src/errors.ts,
 * harness/src/errors.ts); the wording of a printed error lives here only.
 */
export interface CodedErrorDetails {
  file?: string;
  field?: string;
  hint?: string;
  cause?: unknown;
}

export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly file?: string;
  readonly field?: string;
  readonly hint?: string;

  constructor(code: Code, message: string, details: CodedErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.field = details.field;
    this.hint = details.hint;
  }
}

/** `<tool>: error [CODE]: message`, then where and what to do; anything else is a bug and prints its stack. */
export function formatCodedError(tool: string, error: unknown): string {
  if (error instanceof CodedError) {
    const lines = [`${tool}: error [${error.code}]: ${error.message}`];
    if (error.file !== undefined) lines.push(`  file:  ${error.file}`);
    if (error.field !== undefined) lines.push(`  field: ${error.field}`);
    if (error.hint !== undefined) lines.push(`  hint:  ${error.hint}`);
    return `${lines.join('\n')}\n`;
  }
  return `${tool}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}
