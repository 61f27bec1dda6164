import { parseArgs } from 'node:util';
import { intOption, positiveIntOption } from '../../../../mock-engine/src/option-values.js';
import { CaqError, exitStatusFor } from '../../errors.js';
import { EXPERIMENTS, reproduce } from '../../reproduce/index.js';
import { renderReport } from '../../reproduce/render.js';
import type { Command } from '../command.js';

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
    const runs = positiveIntOption('runs', parsed.values.runs) ?? 5;
    const warmup = intOption('warmup', parsed.values.warmup) ?? 1;
    const report = reproduce(experiment, { runs, warmup });
    io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return report.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
