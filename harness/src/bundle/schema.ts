import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemaPath } from './paths.js';

// ajv-formats is CommonJS; under NodeNext its callable sits on `default`.
const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv2020) => Ajv2020 };

const compiled = new Map<string, ValidateFunction>();

/** A compiled validator for `schemas/<name>.schema.json` (allErrors: every finding, not the first). */
export function schemaValidator(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object);
    compiled.set(name, validate);
  }
  return validate;
}

/** One line per finding: `<file>: <JSON pointer>: <message>` (pointer `/` is the document itself). */
export function describeSchemaErrors(file: string, errors: ErrorObject[]): string[] {
  // An `if`/`then` failure is also reported as the `then` keyword's own errors; keep those.
  return errors.filter((e) => e.keyword !== 'if').map((e) => {
    const pointer = e.instancePath === '' ? '/' : e.instancePath;
    const detail =
      e.keyword === 'additionalProperties'
        ? `unknown property '${String((e.params as { additionalProperty: string }).additionalProperty)}'`
        : e.keyword === 'enum'
          ? `${e.message ?? 'invalid'}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
          : (e.message ?? e.keyword);
    return `${file}: ${pointer}: ${detail}`;
  });
}

/** Validate `value`; returns the findings (empty when valid). */
export function schemaFindings(name: string, file: string, value: unknown): string[] {
  const validate = schemaValidator(name);
  if (validate(value)) return [];
  return describeSchemaErrors(file, validate.errors ?? []);
}
