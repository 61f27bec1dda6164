/** `node:util` parseArgs with its errors turned into E_USAGE. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EngineError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, args: string[], options: O, positionals: string[]) {
  const parsed = (() => {
    try {
      return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new EngineError('E_USAGE', `${command}: ${(error as Error).message}`, {
        hint: "see 'node mock-engine.mjs --help'",
      });
    }
  })();
  if (parsed.positionals.length !== positionals.length) {
    const want = positionals.length === 0 ? 'no arguments' : positionals.join(' ');
    throw new EngineError('E_USAGE', `${command} takes ${want}, got ${parsed.positionals.length} argument(s)`, {
      hint: "see 'node mock-engine.mjs --help'",
    });
  }
  return parsed;
}
