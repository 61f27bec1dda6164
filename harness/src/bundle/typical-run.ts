import { normalisedCaq } from '../../../mock-engine/src/metrics/reference-units.js';
import { median } from '../../../mock-engine/src/metrics/summary.js';
import type { Results } from '../../../mock-engine/src/results.js';
import { CaqError } from '../errors.js';
import { jsonDifferences } from './json-diff.js';
import { deterministicPart } from './reference.js';

/**
 * Of several complete engine runs of one bundle, the most typical one: the run
 * whose codec CAQs — the gated ones, on CPU normalised to the reference workload,
 * all on the first run's reference scale — lie closest to the per-codec medians
 * (smallest worst relative distance). A recorded reference is one real run, and a single run can be an
 * outlier on a busy machine (every later canonical run would then drift the
 * same way); choosing among a few by a fixed rule avoids that without averaging
 * anything. The runs must agree on every deterministic figure.
 */
export function mostTypicalRun(runs: Results[], file: string): Results {
  const [first, ...rest] = runs;
  if (first === undefined) throw new RangeError('no runs to choose from');
  for (const run of rest) {
    const differences = jsonDifferences(deterministicPart(first), deterministicPart(run));
    if (differences.length > 0) {
      throw new CaqError(
        'BUILD_RUN_FAILED',
        `two engine runs of the same bundle disagree on deterministic figures:\n${differences.join('\n')}`,
        {
          file,
          hint: 'a codec or metric is not deterministic; fix it before recording',
        },
      );
    }
  }
  const scale = first.reference.cpu_s.median;
  const caq = (run: Results, i: number): number => {
    const { ratio, cpu_ref_units } = run.codecs[i]!.aggregate;
    return normalisedCaq(ratio, cpu_ref_units, scale);
  };
  const medians = first.codecs.map((_, i) => median(runs.map((r) => caq(r, i))));
  const distance = (run: Results): number =>
    Math.max(...run.codecs.map((_, i) => Math.abs(caq(run, i) - medians[i]!) / medians[i]!));
  return runs.reduce((best, run) => (distance(run) < distance(best) ? run : best));
}
