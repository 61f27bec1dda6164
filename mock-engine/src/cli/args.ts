/** `node:util` parseArgs with its errors turned into E_USAGE. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EngineError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, args: string[], options: O, positionals: string[]) {
  const parsed = (() => {
    try {
      return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new EngineError('E_USAGE', `${command}: ${(error as Error).message}`, { hint: "see 'node mock-engine.mjs --help'" });
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

/** A positive number (e.g. a threshold), or undefined when the option is absent. */
export function positiveNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new EngineError('E_USAGE', `--${name} must be a positive number, got '${value}'`);
  return n;
}

export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new EngineError('E_USAGE', `--${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
}
