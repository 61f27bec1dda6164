/** `run` (the canonical run of a bundle) and `compare` (its results against the expected ones). */
import { resolve } from 'node:path';
import { compareResults, formatComparison, parseResults } from '../compare/index.js';
import { EngineError } from '../errors.js';
import { canonicalJsonFile } from '../format/canonical-json.js';
import { failedRoundTrips, runManifest } from '../run/index.js';
import { parseShard } from '../shard/index.js';
import { intOption, positiveIntOption, positiveNumberOption } from '../option-values.js';
import { compareSettings } from '../compare/settings.js';
import { parse } from './args.js';
import { readInput, writeAtomic } from '../fs/engine-io.js';
import type { EngineIO } from './output.js';
import { EXIT_COMPARE_FAILED } from './usage.js';

export async function run(args: string[], io: EngineIO): Promise<number> {
  const { values } = parse(
    'run',
    args,
    {
      manifest: { type: 'string' },
      out: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      codec: { type: 'string', multiple: true },
      shard: { type: 'string' },
      'unstable-threshold': { type: 'string' },
    },
    [],
  );
  if (values.manifest === undefined || values.out === undefined)
    throw new EngineError('E_USAGE', 'run needs --manifest bundle.json and --out results.json');
  const results = await runManifest(resolve(io.cwd, values.manifest), {
    runs: positiveIntOption('runs', values.runs),
    warmup: intOption('warmup', values.warmup),
    unstableThreshold: positiveNumberOption('unstable-threshold', values['unstable-threshold']),
    codecs: values.codec,
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
    onFile: (codec, f) =>
      io.stderr(
        `mock-engine: ${codec} ${f.file}: ratio ${f.ratio.toFixed(4)}, cpu ${(f.cpu_s * 1000).toFixed(2)} ms, caq ${f.caq.toFixed(4)}, ${f.roundtrip}\n`,
      ),
  });
  writeAtomic(resolve(io.cwd, values.out), canonicalJsonFile(results));
  const failed = failedRoundTrips(results);
  if (failed.length > 0) {
    throw new EngineError('E_ROUNDTRIP', `${failed.length} round trip(s) failed: ${failed.join('; ')}`, {
      file: values.out,
      hint: 'the results were written with roundtrip "failed" for those files',
    });
  }
  return 0;
}

function readManifest(path: string): unknown {
  const bytes = readInput(path);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new EngineError('E_MANIFEST', `manifest is not valid JSON: ${(error as Error).message}`, { file: path });
  }
}

export function compare(args: string[], io: EngineIO): number {
  const { values, positionals } = parse(
    'compare',
    args,
    {
      tolerance: { type: 'string' },
      'gate-cpu': { type: 'boolean' },
      manifest: { type: 'string' },
      json: { type: 'boolean' },
    },
    ['RESULTS', 'EXPECTED'],
  );
  const settings = compareSettings(
    values,
    values.manifest === undefined ? undefined : readManifest(resolve(io.cwd, values.manifest)),
  );
  const [measuredPath, expectedPath] = positionals as [string, string];
  const measured = parseResults(readInput(resolve(io.cwd, measuredPath)), measuredPath);
  const expected = parseResults(readInput(resolve(io.cwd, expectedPath)), expectedPath);
  const comparison = compareResults(measured, expected, settings);
  io.stdout(values.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
  return comparison.pass ? 0 : EXIT_COMPARE_FAILED;
}
