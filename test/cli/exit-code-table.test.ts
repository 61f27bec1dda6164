import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeTable } from '../../harness/src/cli/exit-code-table.js';
import { main } from '../../harness/src/cli/main.js';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { captureIO } from './capture-io.js';

describe('the exit-status table', () => {
  it('has one row per error code, in status order, each status distinct', () => {
    const rows = exitCodeTable().trimEnd().split('\n').slice(3);
    expect(rows).toHaveLength(Object.keys(EXIT_CODES).length);
    const statuses = rows.map((row) => Number(/^\| (\d+) \|/.exec(row)?.[1]));
    expect(statuses).toEqual([...new Set(statuses)].sort((a, b) => a - b));
    expect(rows).toContain(`| 73 | \`OUTPUT_UNWRITABLE\` | ${EXIT_CODES.OUTPUT_UNWRITABLE.meaning} |`);
  });

  it('is printed by `caqbench help exit-codes`', async () => {
    const io = captureIO();
    expect(await main(['help', 'exit-codes'], io)).toBe(0);
    expect(io.out).toBe(exitCodeTable());
  });

  it("is the README's table, row for row", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit statuses'));
    const start = section.indexOf('| status |');
    const table = section.slice(start, section.indexOf('\n\n', start) + 1);
    expect(table).toBe(exitCodeTable());
  });
});
