import { basename } from 'node:path';
import type { Submission } from '../submit/types.js';
import { fail, pass } from './check-result.js';
import type { CheckResult } from './report-types.js';
import { locateBundle, readBundle, type ResolvedBundle } from './resolve-bundle.js';

export interface BundleOptions {
  bundle?: string;
  knownBundles?: string;
}

/**
 * The bundle must be one the maintainer holds, and the SHA-256 of its bundle.json
 * must be the digest the submission binds to: results on other data rank nothing.
 */
export async function checkBundle(
  submission: Submission,
  options: BundleOptions,
): Promise<{ result: CheckResult; bundle: ResolvedBundle | null }> {
  const wanted = submission.bundle;
  const label = `${wanted.name}@${wanted.version}`;
  const figures = { bundle: label, claimed_sha256: wanted.manifest_sha256 };
  const located = await locateBundle(wanted, options);
  if ('missing' in located) {
    const findings = located.missing.map((path) => `not found: ${path}`);
    return {
      result: fail('bundle', 'SUBMISSION_BUNDLE_MISMATCH', `unknown bundle ${label}`, findings, figures),
      bundle: null,
    };
  }
  let bundle: ResolvedBundle;
  try {
    bundle = await readBundle(located.source);
  } catch (error) {
    const finding = `${located.source}: cannot read bundle.json: ${(error as Error).message}`;
    return {
      result: fail('bundle', 'SUBMISSION_BUNDLE_MISMATCH', `unreadable bundle ${label}`, [finding], figures),
      bundle: null,
    };
  }
  const measured = { ...figures, manifest_sha256: bundle.manifestSha256, source: basename(bundle.source) };
  const findings: string[] = [];
  if (bundle.manifestSha256 !== wanted.manifest_sha256) {
    findings.push(
      `bundle digest mismatch: the submission binds ${wanted.manifest_sha256}, ${bundle.source}/bundle.json hashes to ${bundle.manifestSha256}`,
    );
  }
  if (bundle.manifest.name !== wanted.name || bundle.manifest.version !== wanted.version) {
    findings.push(`the submission names ${label}, the bundle is ${bundle.manifest.name}@${bundle.manifest.version}`);
  }
  if (findings.length > 0) {
    return {
      result: fail('bundle', 'SUBMISSION_BUNDLE_MISMATCH', `not the bundle the submission ran on`, findings, measured),
      bundle: null,
    };
  }
  return { result: pass('bundle', `bundle ${label} is known and its digest matches`, measured), bundle };
}
