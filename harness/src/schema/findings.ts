import type { ErrorObject } from 'ajv/dist/2020.js';
import { schemaValidator, type SchemaName } from './validator.js';

/** One problem per schema error: its JSON pointer (`''` for the document itself) and what is wrong, worded for a person. */
export function schemaProblems(
  errors: readonly ErrorObject[] | null | undefined,
): { pointer: string; detail: string }[] {
  // An `if`/`then` failure is also reported as the `then` keyword's own errors; keep those.
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      pointer: e.instancePath,
      detail:
        e.keyword === 'additionalProperties'
          ? `unknown property '${String((e.params as { additionalProperty: string }).additionalProperty)}'`
          : e.keyword === 'enum'
            ? `${e.message ?? 'invalid'}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
            : (e.message ?? e.keyword),
    }));
}

/** One line per schema error, `<JSON pointer>: <what is wrong>`, pointer `/` for the document itself. */
export function schemaErrorLines(errors: readonly ErrorObject[] | null | undefined): string[] {
  return schemaProblems(errors).map(({ pointer, detail }) => `${pointer === '' ? '/' : pointer}: ${detail}`);
}

/** The same lines, each naming the file: `<file>: <JSON pointer>: <what is wrong>`. */
export function describeSchemaErrors(file: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return schemaErrorLines(errors).map((line) => `${file}: ${line}`);
}

/** Validates `value` against `schemas/<name>.schema.json`; the findings, each naming `file` (empty when valid). */
export function schemaFindings(name: SchemaName, file: string, value: unknown): string[] {
  const validate = schemaValidator(name);
  return validate(value) ? [] : describeSchemaErrors(file, validate.errors);
}
