import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { CaqError } from '../../errors.js';
import { exitStatusFor } from '../exit-codes.js';
import { EXPERIMENTS, reproduce } from '../../reproduce/index.js';
import { renderReportHtml } from '../../reproduce/html.js';
import { renderReport } from '../../reproduce/render.js';
import type { Command } from '../command.js';

function unwritable(file: string, why: string): CaqError {
  return new CaqError('USAGE', `--html: cannot write ${file}: ${why}`, { file, field: '--html', hint: 'give a file in an existing, writable directory' });
}

/** Checked before the experiment runs, so a bad path costs nothing. */
function checkWritable(file: string): void {
  const dir = dirname(file);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw unwritable(file, 'it is a directory');
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw unwritable(file, `no directory ${dir}`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw unwritable(file, `${dir} is not writable`);
  }
}

function positiveInt(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CaqError('USAGE', `--${name} must be an integer ≥ ${min}, got '${value}'`, { field: name });
  return n;
}

export const command: Command = {
  name: 'reproduce',
  summary: 'Re-run a published experiment and compare every figure with the paper',
  usage: `caqbench reproduce <${EXPERIMENTS.join('|')}> [--json] [--html FILE] [--runs N] [--warmup N]

Re-runs the experiment in-process and prints, for each published figure, our
measured value, the difference and a verdict at ±1.5%, with the distortion and
lossless baselines the paper left out, and the lossy peers (the engine's
quantize, Debian's zfp) at the ALCM's own SNR. --json prints the whole report
(with equal_distortion); --html FILE also writes it as a page with an inline
rate–distortion chart. Exit status 0 when every published
figure reproduces, ${exitStatusFor('COMPARE_OUT_OF_TOLERANCE')} (COMPARE_OUT_OF_TOLERANCE) after printing otherwise.`,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, html: { type: 'string' }, runs: { type: 'string' }, warmup: { type: 'string' } },
      });
    } catch (cause) {
      throw new CaqError('USAGE', (cause as Error).message, { cause });
    }
    const [experiment, ...extra] = parsed.positionals;
    if (experiment === undefined || extra.length > 0) {
      throw new CaqError('USAGE', 'reproduce takes exactly one experiment', { hint: `known: ${EXPERIMENTS.join(', ')}` });
    }
    const runs = positiveInt(parsed.values.runs, 'runs', 5, 1);
    const warmup = positiveInt(parsed.values.warmup, 'warmup', 1, 0);
    const html = parsed.values.html === undefined ? undefined : resolve(io.cwd, parsed.values.html);
    if (html !== undefined) checkWritable(html);
    const report = reproduce(experiment, { runs, warmup });
    if (html !== undefined) {
      await writeFileAtomic(html, renderReportHtml(report)).catch((error: unknown) => {
        throw unwritable(html, (error as Error).message);
      });
    }
    io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return report.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
