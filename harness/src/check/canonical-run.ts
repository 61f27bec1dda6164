import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Comparison, ComparisonRow } from '../../../mock-engine/src/compare/index.js';

export interface CanonicalRun {
  /** Exit status of `bash run_canonical.sh`: 0 only when every compared metric is within tolerance. */
  exitCode: number;
  /** Gated rows (verdict ok or FAIL); null when the run wrote no results to compare. */
  compared: number | null;
  within: number | null;
  /** The rows outside tolerance, to name them under the table. */
  failures: ComparisonRow[];
  /** The script's stdout and stderr, interleaved, for when it fails before comparing. */
  output: string;
}

/**
 * Runs a bundle's own `run_canonical.sh` exactly as a stranger would (bash,
 * cwd the bundle folder), then asks the bundle's engine for the same
 * comparison as JSON to count the metrics. The script's exit status is the
 * verdict; the counts only describe it.
 */
export async function runCanonical(folder: string, env: NodeJS.ProcessEnv): Promise<CanonicalRun> {
  const scratch = await mkdtemp(join(tmpdir(), 'caqbench-check-'));
  try {
    const results = join(scratch, 'results.json');
    const script = await execa('bash', ['run_canonical.sh', results], {
      cwd: folder,
      env,
      extendEnv: false,
      reject: false,
      all: true,
    });
    const run: CanonicalRun = {
      exitCode: script.exitCode ?? 1,
      compared: null,
      within: null,
      failures: [],
      output: script.all ?? '',
    };
    if (!existsSync(results)) return run;
    const compare = await execa(
      process.execPath,
      ['engine/mock-engine.mjs', 'compare', results, 'expected/results.json', '--manifest', 'bundle.json', '--json'],
      { cwd: folder, env, extendEnv: false, reject: false },
    );
    let comparison: Comparison;
    try {
      comparison = JSON.parse(compare.stdout) as Comparison;
    } catch {
      return run;
    }
    const gated = comparison.rows.filter((r) => r.verdict !== 'info');
    return {
      ...run,
      compared: gated.length,
      within: gated.filter((r) => r.verdict === 'ok').length,
      failures: gated.filter((r) => r.verdict === 'FAIL'),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
