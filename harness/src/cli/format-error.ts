import { EngineError } from '../../../mock-engine/src/errors.js';
import { CaqError } from '../errors.js';

/** Error messages are composed here only: code, message, then where and what to do. */
export function formatError(error: unknown): string {
  if (error instanceof CaqError || error instanceof EngineError) {
    const lines = [`caqbench: error [${error.code}]: ${error.message}`];
    if (error.file !== undefined) lines.push(`  file:  ${error.file}`);
    if (error.field !== undefined) lines.push(`  field: ${error.field}`);
    if (error.hint !== undefined) lines.push(`  hint:  ${error.hint}`);
    return `${lines.join('\n')}\n`;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `caqbench: internal error: ${detail}\n`;
}
