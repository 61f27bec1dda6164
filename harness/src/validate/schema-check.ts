import type { ValidateFunction } from 'ajv/dist/2020.js';
import { schemaErrorLines } from '../schema/findings.js';
import type { Submission } from '../submit/types.js';
import { fail, pass } from './check-result.js';
import type { LoadedSubmission } from './load-submission.js';
import type { CheckResult } from './report-types.js';

export function checkSchema(
  loaded: LoadedSubmission,
  validate: ValidateFunction,
): { result: CheckResult; submission: Submission | null } {
  if (!loaded.ok) {
    return {
      result: fail('schema', 'SUBMISSION_SCHEMA', 'the submission is not valid JSON', [loaded.problem], { errors: 1 }),
      submission: null,
    };
  }
  if (!validate(loaded.value)) {
    const findings = schemaErrorLines(validate.errors);
    const result = fail(
      'schema',
      'SUBMISSION_SCHEMA',
      `the submission fails its schema (${findings.length} errors)`,
      findings,
      { errors: findings.length },
    );
    return { result, submission: null };
  }
  return {
    result: pass('schema', 'the submission matches schemas/submission.schema.json', { errors: 0 }),
    submission: loaded.value as Submission,
  };
}
