import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { schemaValidator, type SchemaName } from '../../harness/src/schema/validator.js';
import { REPO } from '../e2e/cli.js';

/**
 * Every schema compiles under the project's one compiler in strict mode: a keyword
 * without its type (which ajv would otherwise log on a user's terminal at every
 * validation) or an unknown keyword fails here instead.
 */
const names = readdirSync(join(REPO, 'schemas'))
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => f.replace('.schema.json', '') as SchemaName);

describe('schemas/', () => {
  it('holds the seven schemas the tools read', () => {
    expect(names.sort()).toEqual([
      'bundle',
      'leaderboard',
      'recipe',
      'report',
      'report-shard',
      'results',
      'submission',
    ]);
  });

  it.each(names)('%s compiles in strict mode without a word on the console', (name) => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    expect(typeof schemaValidator(name)).toBe('function');
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    warn.mockRestore();
    log.mockRestore();
  });
});
