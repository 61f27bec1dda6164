import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkExitStatus, checkNames, runCheck } from '../../check/run-check.js';
import { formatCheckTable } from '../../check/format-table.js';
import { withProgress } from '../../progress/reporter.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench check [--out DIR] [name…]

The main job: for every bundle (or those named), build its folder and
reproducible .tar.gz into DIR (default ./dist), verify the folder and the
tarball, run the bundle's own run_canonical.sh, and print the reproduction
table: bundle, verify verdicts, metrics compared, metrics within tolerance,
verdict. A bundle that fails verification is not run.

Exit status: 0 when every bundle passes; otherwise a verify status (see
'caqbench verify --help') when a bundle fails verification, else 40
(COMPARE_OUT_OF_TOLERANCE) when a metric is outside tolerance, else 42
(ENGINE_FAILED) when a canonical run failed before comparing.
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    const outDir = resolve(io.cwd, parsed.values.out ?? 'dist');
    const names = await checkNames(parsed.positionals);
    const tasks = names.map((name) => ({ id: name, title: name }));
    const rows = await withProgress(io, tasks, (onProgress) => runCheck({ names, outDir, env: io.env, onProgress }));
    io.stdout(formatCheckTable(rows));
    return checkExitStatus(rows);
  },
};
