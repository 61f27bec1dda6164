import { parseArgs } from 'node:util';
import { CaqError, exitStatusFor } from '../../errors.js';
import { EXPERIMENTS, reproduce } from '../../reproduce/index.js';
import { renderReport } from '../../reproduce/render.js';
import type { Command } from '../command.js';

function positiveInt(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new CaqError('USAGE', `--${name} must be an integer ≥ ${min}, got '${value}'`, { field: name });
  return n;
}

export const command: Command = {
  usage: `caqbench reproduce <${EXPERIMENTS.join('|')}> [--json] [--runs N] [--warmup N]

Re-runs the experiment in-process and prints, for each published figure, our
measured value, the difference and a verdict at ±1.5%, with the distortion and
lossless baselines the paper left out. Exit status 0 when every published
figure reproduces, ${exitStatusFor('COMPARE_OUT_OF_TOLERANCE')} (COMPARE_OUT_OF_TOLERANCE) after printing otherwise.`,
  async run(args, io) {
    // main turns parseArgs' own errors into usage errors.
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, runs: { type: 'string' }, warmup: { type: 'string' } },
    });
    const [experiment, ...extra] = parsed.positionals;
    if (experiment === undefined || extra.length > 0) {
      throw new CaqError('USAGE', 'reproduce takes exactly one experiment', { hint: `known: ${EXPERIMENTS.join(', ')}` });
    }
    const runs = positiveInt(parsed.values.runs, 'runs', 5, 1);
    const warmup = positiveInt(parsed.values.warmup, 'warmup', 1, 0);
    const report = reproduce(experiment, { runs, warmup });
    io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return report.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
