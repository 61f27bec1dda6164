import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { intOption, positiveIntOption } from '../../../../mock-engine/src/option-values.js';
import { CaqError, exitStatusFor } from '../../errors.js';
import { checkOutputWritable, writeOutput } from '../../fs/output.js';
import { EXPERIMENTS, reproduce } from '../../reproduce/index.js';
import { renderReportHtml } from '../../reproduce/html.js';
import { renderReport } from '../../reproduce/render.js';
import type { Command } from '../command.js';

export const command: Command = {
  usage: `caqbench reproduce <${EXPERIMENTS.join('|')}> [--json] [--html FILE] [--runs N] [--warmup N]

Re-runs the experiment in-process and prints, for each published figure, our
measured value, the difference and a verdict at ±1.5%, with the distortion and
lossless baselines the paper left out, and the lossy peers (the engine's
quantize, Debian's zfp) at the ALCM's own SNR. --json prints the whole report
(with equal_distortion); --html FILE also writes it as a page with an inline
rate–distortion chart. Exit status 0 when every published
figure reproduces, ${exitStatusFor('COMPARE_OUT_OF_TOLERANCE')} (COMPARE_OUT_OF_TOLERANCE) after printing otherwise.`,
  async run(args, io) {
    // main turns parseArgs' own errors into usage errors.
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        html: { type: 'string' },
        runs: { type: 'string' },
        warmup: { type: 'string' },
      },
    });
    const [experiment, ...extra] = parsed.positionals;
    if (experiment === undefined || extra.length > 0) {
      throw new CaqError('USAGE', 'reproduce takes exactly one experiment', {
        hint: `known: ${EXPERIMENTS.join(', ')}`,
      });
    }
    const runs = positiveIntOption('runs', parsed.values.runs) ?? 5;
    const warmup = intOption('warmup', parsed.values.warmup) ?? 1;
    const html = parsed.values.html === undefined ? undefined : resolve(io.cwd, parsed.values.html);
    // Checked before the experiment runs, so a bad path costs nothing.
    if (html !== undefined) await checkOutputWritable(html);
    const report = reproduce(experiment, { runs, warmup });
    if (html !== undefined) {
      await writeOutput(html, renderReportHtml(report));
    }
    io.stdout(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return report.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
