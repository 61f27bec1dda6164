/** The engine CLI: dispatch, and every failure printed as code, message, file, field and hint. */
import { formatCodedError } from '../coded-error.js';
import { ENGINE_EXIT_CODES, EngineError } from '../errors.js';
import { compress, decompress, info } from './codec-commands.js';
import type { EngineIO } from './output.js';
import { compare, run } from './run-commands.js';
import { EXIT_INTERNAL, usage } from './usage.js';

const COMMANDS: Record<string, (args: string[], io: EngineIO) => number | Promise<number>> = {
  info,
  compress,
  decompress,
  run,
  compare,
};

export async function main(argv: string[], io: EngineIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    io.stderr(
      `${name === undefined ? 'mock-engine: no command given' : `mock-engine: unknown command '${name}'`}\n\n${usage()}`,
    );
    return ENGINE_EXIT_CODES.E_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(usage());
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr(formatCodedError('mock-engine', error));
    return error instanceof EngineError ? ENGINE_EXIT_CODES[error.code] : EXIT_INTERNAL;
  }
}
