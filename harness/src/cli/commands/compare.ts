import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareResults, formatComparison } from '../../../../mock-engine/src/compare/index.js';
import { compareSettings } from '../../../../mock-engine/src/compare/settings.js';
import type { Results } from '../../../../mock-engine/src/results.js';
import { readJsonFile, readJsonWithSchema } from '../../schema/read-json.js';
import { CaqError, exitStatusFor } from '../../errors.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench compare <results.json> <expected.json> [--tolerance T] [--gate-cpu] [--manifest bundle.json] [--json]

Compares measured results with expected ones, one row per figure: expected, measured,
relative difference, verdict. Sizes, ratios, digests, round trips, distortion and CAQ
must agree within the tolerance (digests exactly); raw CPU seconds are shown, and
gated only with --gate-cpu or when the manifest's tolerance says gate_cpu.
The same comparison as the bundled engine's \`compare\` (run_canonical.sh).

Options:
  --tolerance T   relative tolerance (default: the manifest's, else 0.015)
  --gate-cpu      gate raw CPU seconds too
  --manifest M    take tolerance, gate_cpu and the compared metrics from bundle.json
  --json          print the comparison as JSON

Exit status: 0 when every compared figure is within tolerance; ${exitStatusFor('COMPARE_OUT_OF_TOLERANCE')} when one is not;
${exitStatusFor('RESULTS_INVALID')} when a results file is unreadable or fails schemas/results.schema.json.
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tolerance: { type: 'string' },
        'gate-cpu': { type: 'boolean' },
        manifest: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const { values, positionals } = parsed;
    if (positionals.length !== 2)
      throw new CaqError('USAGE', 'compare takes <results.json> <expected.json>', {
        hint: "see 'caqbench compare --help'",
      });
    const manifest =
      values.manifest === undefined
        ? undefined
        : await readJsonFile(resolve(io.cwd, values.manifest), 'USAGE', values.manifest);
    const settings = compareSettings(values, manifest);
    const [measuredPath, expectedPath] = positionals as [string, string];
    const measured = await readJsonWithSchema<Results>(
      resolve(io.cwd, measuredPath),
      'results',
      'RESULTS_INVALID',
      measuredPath,
    );
    const expected = await readJsonWithSchema<Results>(
      resolve(io.cwd, expectedPath),
      'results',
      'RESULTS_INVALID',
      expectedPath,
    );
    const comparison = compareResults(measured, expected, settings);
    io.stdout(values.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
    return comparison.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
