/**
 * The one way the harness reads a JSON file it is given: unreadable, not JSON,
 * or failing its schema are each the caller's error code, naming the file and
 * the first failing JSON pointer, with every schema finding in the message.
 */
import { readFile } from 'node:fs/promises';
import { CaqError, type CaqErrorCode } from '../errors.js';
import { describeSchemaErrors } from './findings.js';
import { schemaValidator, type SchemaName } from './validator.js';

/** Parsed JSON of `path`; `shown` is the name messages use (default the path). */
export async function readJsonFile(path: string, code: CaqErrorCode, shown = path): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CaqError(
      code,
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { file: shown, cause: error },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CaqError(code, `${shown} is not valid JSON: ${(error as Error).message}`, {
      file: shown,
      field: '/',
      cause: error,
    });
  }
}

/** `value` as the schema's type, or the error naming every finding. */
export function checkSchema<T>(value: unknown, schema: SchemaName, code: CaqErrorCode, shown: string): T {
  const validate = schemaValidator(schema);
  if (!validate(value)) {
    const findings = describeSchemaErrors(shown, validate.errors);
    throw new CaqError(code, `${shown} fails schemas/${schema}.schema.json:\n  ${findings.slice(0, 20).join('\n  ')}`, {
      file: shown,
      field: validate.errors?.[0]?.instancePath || '/',
    });
  }
  return value as T;
}

export async function readJsonWithSchema<T>(
  path: string,
  schema: SchemaName,
  code: CaqErrorCode,
  shown = path,
): Promise<T> {
  return checkSchema<T>(await readJsonFile(path, code, shown), schema, code, shown);
}
