import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../../../mock-engine/src/results.js';
import { CaqError } from '../errors.js';
import { jsonDifferences } from './json-diff.js';
import { readJsonWithSchema } from '../schema/read-json.js';

/**
 * The recorded reference run of a bundle, kept beside its recipe and shipped as
 * the bundle's `expected/results.json`. CPU seconds are measurements: no two
 * runs (let alone machines) agree on them, so a build that shipped its own
 * run's CPU figures could never be byte-reproducible. Instead one real run is
 * recorded (`caqbench build --record`, the most typical of a few: typical-run.ts),
 * reviewed and committed; every build
 * re-runs the engine and requires the deterministic figures to match it exactly.
 */
export function referencePath(recipeFile: string): string {
  return join(recipeFile, '..', 'expected', 'results.json');
}

/** Keys whose values are CPU measurements or derived from them, or describe the machine. */
const MEASURED = new Set([
  'environment',
  'reference',
  'encode_cpu_s',
  'decode_cpu_s',
  'encode_ref_cpu_s',
  'decode_ref_cpu_s',
  'cpu_s',
  'cpu_ref_units',
  'caq',
  'mean_file_caq',
  'stability',
]);

/** Everything of a results file that must be identical on every machine. */
export function deterministicPart(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deterministicPart);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !MEASURED.has(k))
        .map(([k, v]) => [k, deterministicPart(v)]),
    );
  }
  return value;
}

/** A results file, checked against schemas/results.schema.json (what `compare` will read). */
export function readResults(file: string): Promise<Results> {
  return readJsonWithSchema<Results>(file, 'results', 'BUILD_RUN_FAILED');
}

export async function readReference(recipeFile: string): Promise<Results> {
  const file = referencePath(recipeFile);
  if (!existsSync(file)) {
    throw new CaqError('BUILD_RUN_FAILED', `no recorded reference run for this bundle: ${file} does not exist`, {
      file,
      hint: 'record one with `caqbench build <name> --record`, review it, and commit it',
    });
  }
  return readResults(file);
}

/**
 * The reference must describe this very bundle (its `bundle.manifest_sha256`
 * covers the engine's SHA-256 too) and agree exactly with the build's own run
 * on every deterministic figure.
 */
export function checkReference(reference: Results, live: Results, file: string): void {
  const differences = jsonDifferences(deterministicPart(reference), deterministicPart(live));
  if (differences.length === 0) return;
  const onlyDigest = differences.length === 1 && differences[0]!.startsWith('/bundle/manifest_sha256:');
  const detail = onlyDigest
    ? `it was recorded for another bundle.json (${differences[0]}); every other deterministic figure is equal, so re-recording changes only CPU figures`
    : `deterministic figures differ (recorded ≠ this build):\n${differences.join('\n')}`;
  throw new CaqError('BUILD_RUN_FAILED', `the recorded reference run is stale: ${detail}`, {
    file,
    hint: 'the engine, recipe or data changed; re-record with `caqbench build <name> --record` and review the diff',
  });
}

/**
 * Codecs whose CAQ on this machine is off the reference by more than the
 * tolerance: the canonical run would likely fail here. Reported, not fatal,
 * because a build's outcome must not depend on the speed of the machine.
 */
export function caqDrift(reference: Results, live: Results, tolerance: number): string[] {
  const warnings: string[] = [];
  // Results list codecs in manifest order; the same codec may appear twice with other params.
  for (const [i, codec] of live.codecs.entries()) {
    const ref = reference.codecs[i];
    if (ref === undefined) continue;
    const drift = (codec.aggregate.caq - ref.aggregate.caq) / ref.aggregate.caq;
    if (Math.abs(drift) > tolerance) {
      warnings.push(
        `${codec.codec}: CAQ ${codec.aggregate.caq.toPrecision(6)} here vs ${ref.aggregate.caq.toPrecision(6)} recorded (${(drift * 100).toFixed(2)}%)`,
      );
    }
  }
  return warnings;
}
