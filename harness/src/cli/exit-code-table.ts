import { EXIT_CODES } from '../errors.js';

/** The README's exit-status table, from the code (a test keeps the README's copy equal to it). */
export function exitCodeTable(): string {
  const rows = Object.entries(EXIT_CODES)
    .sort(([, a], [, b]) => a.status - b.status)
    .map(([code, row]) => `| ${row.status} | \`${code}\` | ${row.meaning.replaceAll('|', '\\|')} |`);
  return ['| status | code | meaning |', '|---|---|---|', '| 0 | | success |', ...rows, ''].join('\n');
}
