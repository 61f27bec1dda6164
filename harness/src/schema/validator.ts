/**
 * The project's one JSON Schema compiler: draft 2020-12 (ajv) with formats
 * (ajv-formats), every error reported rather than the first (allErrors), each
 * schema of `schemas/` compiled once per process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CaqError } from '../errors.js';
import { packageRoot } from '../fs/package-root.js';

// ajv-formats is CommonJS; under NodeNext its callable sits on `default`.
const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv2020) => Ajv2020 };

export type SchemaName = 'bundle' | 'recipe' | 'results' | 'submission' | 'report' | 'report-shard' | 'leaderboard';

export function schemaPath(name: SchemaName): string {
  return join(packageRoot(), 'schemas', `${name}.schema.json`);
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** The compiled validator of `schemas/<name>.schema.json`. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const path = schemaPath(name);
    let schema: object;
    try {
      schema = JSON.parse(readFileSync(path, 'utf8')) as object;
    } catch (cause) {
      throw new CaqError('INTERNAL', `schema ${name} unreadable: ${(cause as Error).message}`, { file: path, cause });
    }
    if (ajv === undefined) {
      // strict: a schema keyword without its type, or an unknown keyword, is an error, not a log line
      // on a user's terminal. strictRequired stays off: `then: { required: [...] }` names properties
      // defined at the top level, which is the point of if/then.
      ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true, strictRequired: false });
      addFormats.default(ajv);
    }
    validate = ajv.compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}
