import { EngineError } from '../../../mock-engine/src/errors.js';
import { formatCodedError } from '../../../mock-engine/src/coded-error.js';
import { CaqError, EXIT_CODES, exitStatusFor } from '../errors.js';
import type { CliIO, Command } from './command.js';
import { exitCodeTable } from './exit-code-table.js';
import { TOOL_VERSION } from '../version.js';

/** Commands load lazily so `--help` and small commands start fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  check: {
    summary: 'build every bundle into ./dist, verify each, run each canonical script, print the reproduction table',
    load: () => import('./commands/check.js'),
  },
  build: {
    summary: 'build bundles (folder + reproducible .tar.gz) from their recipes',
    load: () => import('./commands/build.js'),
  },
  verify: {
    summary: 'verify a bundle folder or .tar.gz against SHA256SUMS and its manifest',
    load: () => import('./commands/verify.js'),
  },
  compare: {
    summary: 'compare a results.json with expected results, metric by metric',
    load: () => import('./commands/compare.js'),
  },
  reproduce: {
    summary: 're-run a published experiment (alcm-h3) and compare with its figures',
    load: () => import('./commands/reproduce.js'),
  },
  submit: {
    summary: 'run an external codec against a bundle and write a submission',
    load: () => import('./commands/submit.js'),
  },
  validate: {
    summary: 'validate a submission and write a signed report',
    load: () => import('./commands/validate.js'),
  },
  keygen: { summary: 'create an Ed25519 key pair for signing reports', load: () => import('./commands/keygen.js') },
  merge: {
    summary: 'join sharded results or reports into one file, refusing overlaps, gaps and mixed bundles',
    load: () => import('./commands/merge.js'),
  },
  leaderboard: {
    summary: 'turn signed PASS reports into leaderboard JSON, Markdown, CSV and HTML',
    load: () => import('./commands/leaderboard.js'),
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  const codes = Object.values(EXIT_CODES)
    .sort((a, b) => a.status - b.status)
    .map((c) => `  ${String(c.status).padStart(3)}  ${c.meaning}`);
  return [
    'Usage: caqbench <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    "Run 'caqbench <command> --help' for a command's options, 'caqbench help exit-codes' for the exit statuses as a Markdown table.",
    '',
    'Exit statuses:',
    '    0  success',
    ...codes,
    '',
  ].join('\n');
}

export function processIO(): CliIO {
  const env = process.env;
  const plain = Boolean(env.CI) || env.NO_COLOR !== undefined || env.TERM === 'dumb';
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stdout.isTTY) && !plain,
    env,
    cwd: process.cwd(),
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] === 'exit-codes') {
    io.stdout(exitCodeTable());
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    io.stderr(`caqbench: unknown command '${name}'\n\n${helpText()}`);
    return exitStatusFor('USAGE');
  }
  try {
    const { command } = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${command.usage.trimEnd()}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (thrown) {
    const error = asUsageError(thrown, name);
    io.stderr(formatCodedError('caqbench', error));
    if (error instanceof CaqError) return exitStatusFor(error.code);
    return exitStatusFor(error instanceof EngineError ? 'ENGINE_FAILED' : 'INTERNAL');
  }
}

/** node:util parseArgs rejects unknown options and bad values with coded TypeErrors: one place turns them into usage errors. */
function asUsageError(error: unknown, command: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    return new CaqError('USAGE', (error as Error).message, { hint: `see 'caqbench ${command} --help'` });
  }
  // Option parsers shared with the engine (e.g. --shard) throw the engine's usage error.
  if (error instanceof EngineError && error.code === 'E_USAGE') {
    return new CaqError('USAGE', error.message, {
      file: error.file,
      field: error.field,
      hint: error.hint ?? `see 'caqbench ${command} --help'`,
      cause: error,
    });
  }
  return error;
}
