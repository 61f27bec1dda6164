import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey, readSecretKey, type SecretKey } from '../../harness/src/signing/keys.js';
import { signMessage } from '../../harness/src/signing/sign.js';
import { writeKeyPair } from '../../harness/src/signing/write-key-pair.js';
import type { RerunRequest } from '../../harness/src/validate/rerun-check.js';
import { validateSubmission } from '../../harness/src/validate/validate-submission.js';
import { writeReport } from '../../harness/src/validate/write-report.js';
import {
  makeBundle,
  makeSubmission,
  writeJson,
  type SubmissionShape,
  type SyntheticBundle,
} from '../validate/fixtures/synthetic.js';

/** A maintainer key pair, its trusted-key file, and a stranger's key that nobody trusts. */
export interface Keys {
  maintainer: SecretKey;
  stranger: SecretKey;
  trustedFile: string;
}

export async function makeKeys(root: string): Promise<Keys> {
  const files = await writeKeyPair(join(root, 'keys'));
  const trustedFile = join(root, 'maintainers.pub');
  writeFileSync(trustedFile, `# caqbench maintainers\n${files.trustedLine}\n`);
  return { maintainer: await readSecretKey(files.secretKeyPath), stranger: generateSecretKey(), trustedFile };
}

/** How the maintainer validated: re-run (the default; with the baseline measured at `baselineRatio`, else none) or not. */
export interface Validation {
  rerun?: boolean;
  baselineRatio?: number;
  /** What the maintainer's re-run measures of the codec; default: the submission's own shape. */
  measured?: SubmissionShape;
}

/**
 * Validates a synthetic submission for real and writes the report into `dir` as
 * `<name>.json`, signed with `key` (unsigned when null). The re-run is a stub that
 * measures the codec as submitted (and the baseline at `baselineRatio`); with
 * `rerun: false` there is none, and the PASS rests on the claim's consistency only.
 */
export async function makeReport(
  dir: string,
  name: string,
  bundle: SyntheticBundle,
  shape: SubmissionShape,
  key: SecretKey | null,
  validation: Validation = {},
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  mkdirSync(`${dir}-submissions`, { recursive: true });
  const submissionPath = writeJson(join(`${dir}-submissions`, `${name}.json`), makeSubmission(bundle, shape));
  const { rerun = true, baselineRatio, measured = shape } = validation;
  const rerunner = async (request: RerunRequest) =>
    makeSubmission(
      bundle,
      request.codec.kind === 'command' && request.codec.argv[0]?.endsWith('harness/wrappers/gzip') === true
        ? { codec: 'gzip', ratio: baselineRatio }
        : measured,
    );
  const report = await validateSubmission({
    submission: submissionPath,
    bundle: bundle.dir,
    ...(rerun ? { rerun: 3, rerunner, baseline: baselineRatio === undefined ? null : 'gzip' } : {}),
  });
  const out = join(dir, `${name}.json`);
  await writeReport(report, out, key ?? undefined, Date.UTC(2026, 0, 2));
  return out;
}

export function resign(reportPath: string, key: SecretKey): void {
  writeFileSync(`${reportPath}.minisig`, signMessage(readFileSync(reportPath), key, 'timestamp:1767312000'));
}

export { makeBundle };
