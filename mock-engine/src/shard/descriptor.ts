/**
 * Reads a `shard` descriptor back from JSON, field by field (the single-file
 * engine carries no schema validator). Every problem is an E_USAGE naming
 * the field, since a descriptor is only ever written by `--shard`.
 */
import { EngineError } from '../errors.js';
import type { ShardDescriptor } from './select.js';
import { MAX_SHARDS } from './spec.js';

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function readShardDescriptor(value: unknown, file: string): ShardDescriptor {
  const bad = (message: string, field: string): EngineError =>
    new EngineError('E_USAGE', message, { file, field: `/shard${field}` });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('shard is not an object', '');
  const { index, count, keys, matrix } = value as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw bad(`shard count must be 1–${MAX_SHARDS}`, '/count');
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > count)
    throw bad(`shard index must be 1–${count}`, '/index');
  if (!isStringArray(matrix) || matrix.length === 0)
    throw bad('shard matrix must be a non-empty list of keys', '/matrix');
  if (!isStringArray(keys)) throw bad('shard keys must be a list of keys', '/keys');
  const inMatrix = new Set(matrix);
  if (inMatrix.size !== matrix.length) throw bad('shard matrix lists a key twice', '/matrix');
  const seen = new Set<string>();
  for (const key of keys) {
    if (!inMatrix.has(key)) throw bad(`shard key '${key}' is not in its matrix`, '/keys');
    if (seen.has(key)) throw bad(`shard key '${key}' is listed twice`, '/keys');
    seen.add(key);
  }
  return { index, count, keys, matrix };
}
