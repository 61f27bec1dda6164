import { EngineError } from './errors.js';

/*
 * Option values, for the engine's commands and the harness's alike (the harness
 * turns E_USAGE into its own usage error): each command checks each value here,
 * once, and hands typed figures to the library, which trusts them.
 */

function usageError(name: string, want: string, value: string): EngineError {
  return new EngineError('E_USAGE', `--${name} must be ${want}, got '${value}'`, { field: `--${name}` });
}

/** A positive number (a threshold, a pause, a timeout), or undefined when the option is absent. */
export function positiveNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw usageError(name, 'a positive number', value);
  return n;
}

/** A number ≥ 0 (a tolerance), or undefined when absent. */
export function nonNegativeNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(name, 'a non-negative number', value);
  return n;
}

/** A whole number ≥ 0 (warm-up runs), or undefined when absent. */
export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw usageError(name, 'a non-negative integer', value);
  return Number(value);
}

/** A whole number ≥ 1 (counted runs, a byte cap), or undefined when absent. */
export function positiveIntOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw usageError(name, 'a positive integer', value);
  return Number(value);
}
