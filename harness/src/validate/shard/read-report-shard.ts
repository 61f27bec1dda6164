import { readFile } from 'node:fs/promises';
import { EngineError } from '../../../../mock-engine/src/errors.js';
import { readShardDescriptor } from '../../../../mock-engine/src/shard/index.js';
import { CaqError } from '../../errors.js';
import { schemaErrorLines } from '../../schema/findings.js';
import { schemaValidator, type SchemaName } from '../../schema/validator.js';
import type { ReportShard, ReportShardInput } from './types.js';

/** Schema findings of `value` at `prefix` (a JSON pointer), each line naming it. */
function findings(schema: SchemaName, value: unknown, prefix: string): string[] {
  const validate = schemaValidator(schema);
  if (validate(value)) return [];
  const lines = schemaErrorLines(validate.errors);
  // A nested document's root pointer `/` becomes the prefix itself.
  return prefix === '' ? lines : lines.map((line) => `${prefix}${line.startsWith('/: ') ? line.slice(1) : line}`);
}

/**
 * Reads one `validate --shard` output: the shard schema, then the report it carries
 * against the report schema and each maintainer run against the submission schema,
 * every finding with its JSON pointer; then the descriptor's keys against its matrix.
 * `file` is the name messages use.
 */
export async function readReportShard(file: string, value: unknown): Promise<ReportShardInput> {
  const problems = findings('report-shard', value, '');
  if (problems.length === 0) {
    const shard = value as ReportShard;
    problems.push(...findings('report', shard.report, '/report'));
    if (shard.maintainer.rerun !== null)
      problems.push(...findings('submission', shard.maintainer.rerun, '/maintainer/rerun'));
    if (shard.maintainer.baseline_run !== null)
      problems.push(...findings('submission', shard.maintainer.baseline_run, '/maintainer/baseline_run'));
  }
  if (problems.length > 0) {
    throw new CaqError('RESULTS_INVALID', `${file} is not a valid validation shard:\n  ${problems.join('\n  ')}`, {
      file,
      field: problems[0]!.split(':')[0],
    });
  }
  const shard = value as ReportShard;
  if (shard.shard.index > shard.shard.count)
    throw new CaqError(
      'RESULTS_INVALID',
      `${file}: shard index ${shard.shard.index} is beyond its count ${shard.shard.count}`,
      { file, field: '/shard/index' },
    );
  if (shard.shard.matrix.length > 0) {
    try {
      readShardDescriptor(shard.shard, file);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      throw new CaqError('RESULTS_INVALID', `${file}: ${error.message}`, { file, field: error.field, cause: error });
    }
  } else if (shard.shard.keys.length > 0) {
    throw new CaqError('RESULTS_INVALID', `${file}: shard keys given for an empty matrix`, {
      file,
      field: '/shard/keys',
    });
  }
  return { file, value: shard };
}

/** Reads and parses a shard file's JSON; `path` is where, `file` what messages call it. */
export async function readJsonFile(file: string, path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CaqError('RESULTS_INVALID', `cannot read shard ${file}: ${why}`, { file, cause: error });
  }
}
