/** The engine CLI: dispatch, and every failure printed as code, message, file, field and hint. */
import { ENGINE_EXIT_CODES, EngineError } from '../errors.js';
import { compress, decompress, info } from './codec-commands.js';
import type { EngineIO } from './output.js';
import { compare, run } from './run-commands.js';
import { EXIT_INTERNAL, usage } from './usage.js';

const COMMANDS: Record<string, (args: string[], io: EngineIO) => number | Promise<number>> = { info, compress, decompress, run, compare };

export function formatEngineError(error: unknown): string {
  if (error instanceof EngineError) {
    const lines = [`mock-engine: error [${error.code}]: ${error.message}`];
    if (error.file !== undefined) lines.push(`  file:  ${error.file}`);
    if (error.field !== undefined) lines.push(`  field: ${error.field}`);
    if (error.hint !== undefined) lines.push(`  hint:  ${error.hint}`);
    return `${lines.join('\n')}\n`;
  }
  return `mock-engine: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}

export async function main(argv: string[], io: EngineIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    io.stderr(`${name === undefined ? 'mock-engine: no command given' : `mock-engine: unknown command '${name}'`}\n\n${usage()}`);
    return ENGINE_EXIT_CODES.E_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(usage());
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr(formatEngineError(error));
    return error instanceof EngineError ? ENGINE_EXIT_CODES[error.code] : EXIT_INTERNAL;
  }
}
