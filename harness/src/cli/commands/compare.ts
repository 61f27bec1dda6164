import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareResults, formatComparison } from '../../../../mock-engine/src/compare/index.js';
import { TOLERANCE } from '../../../../mock-engine/src/metrics/caq.js';
import type { Results } from '../../../../mock-engine/src/results.js';
import { describeSchemaErrors } from '../../schema/findings.js';
import { schemaValidator } from '../../schema/validator.js';
import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';
import { exitStatusFor } from '../exit-codes.js';

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

function readJson(path: string, code: 'RESULTS_INVALID' | 'USAGE', shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CaqError(code, `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: shown });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CaqError(code, `${shown} is not valid JSON: ${(error as Error).message}`, { file: shown, field: '/' });
  }
}

/** A results file, checked against its schema; every finding is reported with its JSON pointer. */
function readResults(path: string, shown: string): Results {
  const value = readJson(path, 'RESULTS_INVALID', shown);
  const validate = schemaValidator('results');
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    const findings = describeSchemaErrors(shown, errors);
    throw new CaqError('RESULTS_INVALID', `${shown} fails schemas/results.schema.json:\n  ${findings.join('\n  ')}`, {
      file: shown,
      field: errors[0]?.instancePath || '/',
    });
  }
  return value as Results;
}

function manifestSettings(path: string, shown: string): { tolerance?: number; gateCpu?: boolean; metrics?: string[] } {
  const m = readJson(path, 'USAGE', shown) as { tolerance?: { relative?: unknown; gate_cpu?: unknown }; metrics?: unknown };
  return {
    tolerance: typeof m.tolerance?.relative === 'number' ? m.tolerance.relative : undefined,
    gateCpu: typeof m.tolerance?.gate_cpu === 'boolean' ? m.tolerance.gate_cpu : undefined,
    metrics: Array.isArray(m.metrics) ? m.metrics.filter((x): x is string => typeof x === 'string') : undefined,
  };
}

export const command: Command = {
  name: 'compare',
  summary: 'compare a results.json with expected results, metric by metric',
  usage,
  async run(args, io) {
    const parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { tolerance: { type: 'string' }, 'gate-cpu': { type: 'boolean' }, manifest: { type: 'string' }, json: { type: 'boolean' } },
      });
    const { values, positionals } = parsed;
    if (positionals.length !== 2) throw new CaqError('USAGE', 'compare takes <results.json> <expected.json>', { hint: "see 'caqbench compare --help'" });
    const fromManifest = values.manifest === undefined ? {} : manifestSettings(resolve(io.cwd, values.manifest), values.manifest);
    const tolerance = values.tolerance === undefined ? (fromManifest.tolerance ?? TOLERANCE) : Number(values.tolerance);
    if (!Number.isFinite(tolerance) || tolerance < 0) throw new CaqError('USAGE', `--tolerance must be a non-negative number, got '${values.tolerance}'`);
    const [measuredPath, expectedPath] = positionals as [string, string];
    const measured = readResults(resolve(io.cwd, measuredPath), measuredPath);
    const expected = readResults(resolve(io.cwd, expectedPath), expectedPath);
    const comparison = compareResults(measured, expected, {
      tolerance,
      gateCpu: values['gate-cpu'] ?? fromManifest.gateCpu ?? false,
      metrics: fromManifest.metrics,
    });
    io.stdout(values.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
    return comparison.pass ? 0 : exitStatusFor('COMPARE_OUT_OF_TOLERANCE');
  },
};
