import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CaqError } from '../errors.js';
import type { Submission } from '../submit/types.js';
import { packageRoot } from '../fs/package-root.js';
import { fail, pass } from './check-result.js';
import type { LoadedSubmission } from './load-submission.js';
import type { CheckResult } from './report-types.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function schemaPath(name: string): string {
  return join(packageRoot(), 'schemas', name);
}

const compiled = new Map<string, Promise<ValidateFunction>>();

/** Compiles a JSON Schema (draft 2020-12) file once per process, with every error reported, not only the first. */
export function compileSchema(path: string): Promise<ValidateFunction> {
  let validator = compiled.get(path);
  if (validator === undefined) {
    validator = compileSchemaFile(path);
    compiled.set(path, validator);
    validator.catch(() => compiled.delete(path));
  }
  return validator;
}

async function compileSchemaFile(path: string): Promise<ValidateFunction> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new CaqError('INTERNAL', `schema missing: ${(cause as Error).message}`, { file: path, cause });
  });
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(text) as object);
}

/** One line per error: the JSON pointer of the offending value, then what is wrong with it. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const pointer = error.instancePath === '' ? '/' : error.instancePath;
    const extra =
      error.keyword === 'additionalProperties'
        ? ` ('${String((error.params as { additionalProperty: string }).additionalProperty)}')`
        : error.keyword === 'enum'
          ? ` (${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)})`
          : '';
    return `${pointer}: ${error.message ?? error.keyword}${extra}`;
  });
}

export function checkSchema(loaded: LoadedSubmission, validate: ValidateFunction): { result: CheckResult; submission: Submission | null } {
  if (!loaded.ok) {
    return { result: fail('schema', 'SUBMISSION_SCHEMA', 'the submission is not valid JSON', [loaded.problem], { errors: 1 }), submission: null };
  }
  if (!validate(loaded.value)) {
    const findings = formatSchemaErrors(validate.errors);
    const result = fail('schema', 'SUBMISSION_SCHEMA', `the submission fails its schema (${findings.length} errors)`, findings, { errors: findings.length });
    return { result, submission: null };
  }
  return { result: pass('schema', 'the submission matches schemas/submission.schema.json', { errors: 0 }), submission: loaded.value as Submission };
}
