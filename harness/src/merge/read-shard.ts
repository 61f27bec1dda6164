import { EngineError } from '../../../mock-engine/src/errors.js';
import { readShardDescriptor } from '../../../mock-engine/src/shard/index.js';
import { checkSchema, readJsonFile } from '../schema/read-json.js';
import { CaqError } from '../errors.js';
import type { ShardInput, ShardResults } from './types.js';

/**
 * Reads one shard file: a results.json (schemas/results.schema.json) with a
 * `shard` descriptor. The rest of the file is checked against the results
 * schema, every finding with its JSON pointer. A validation report is refused
 * with the reason: it holds only aggregate figures, which cannot be re-joined.
 * `file` is the name messages use; `path` where it is read from.
 */
export async function readShard(file: string, path = file): Promise<ShardInput> {
  const value = await readJsonFile(path, 'RESULTS_INVALID', file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CaqError('RESULTS_INVALID', `${file} is not a results file (not a JSON object)`, { file, field: '/' });
  }
  const { shard, ...rest } = value as Record<string, unknown>;
  if (rest.schema === 'caqbench/report@1') {
    throw new CaqError('USAGE', `${file} is a finished validation report; merge joins shards, not reports`, {
      file,
      hint: 'a report holds aggregate figures only; merge the outputs of `validate --shard i/n` or of `run --shard i/n` (docs/sharded-validation.md)',
    });
  }
  checkSchema(rest, 'results', 'RESULTS_INVALID', file);
  if (shard === undefined) {
    throw new CaqError('MERGE_CONFLICT', `${file} is not a shard: it has no 'shard' field`, {
      file,
      field: '/shard',
      hint: 'shard files come from `run --shard i/n`',
    });
  }
  try {
    return { file, results: { ...(rest as unknown as ShardResults), shard: readShardDescriptor(shard, file) } };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    throw new CaqError('MERGE_CONFLICT', `${file}: ${error.message}`, { file, field: error.field, cause: error });
  }
}
