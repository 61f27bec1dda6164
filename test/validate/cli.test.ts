import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTrustedKeys } from '../../harness/src/signing/keys.js';
import { verifyMessage } from '../../harness/src/signing/verify.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import { caqbench, ensureBuilt, keygen } from '../e2e/cli.js';
import { makeBundle, makeSubmission, writeJson, type SyntheticBundle } from './fixtures/synthetic.js';

let root: string;
let bundle: SyntheticBundle;
let keyDir: string;
let trusted: string;

beforeAll(async () => {
  await ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'caq-validate-cli-'));
  bundle = makeBundle(root);
  ({ keyDir, trusted } = await keygen(root, 'ci maintainer'));
});

const readReport = (path: string): Report => JSON.parse(readFileSync(path, 'utf8')) as Report;

describe('caqbench keygen / validate / leaderboard, run as a user runs them', () => {
  it('keygen writes a private key only its owner can read', () => {
    expect(statSync(join(keyDir, 'caqbench.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(keyDir, 'caqbench.pub'), 'utf8')).toMatch(
      /^untrusted comment: minisign public key [0-9A-F]{16}\nRW[A-Za-z0-9+/]{54}\n$/,
    );
  });

  it('validate signs a PASS report whose signature covers its exact bytes, and exits 0', async () => {
    const submission = writeJson(join(root, 'good.json'), makeSubmission(bundle));
    const out = join(root, 'reports', 'good.json');
    const run = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--key',
      join(keyDir, 'caqbench.key'),
      '--out',
      out,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^PASS {2}schema/m);
    expect(run.stdout).toMatch(
      /^PASS: the claim is internally consistent \(not re-run: the leaderboard does not rank it/m,
    );
    expect(readReport(out).verification).toBe('consistency-only');
    expect(readReport(out).status).toBe('PASS');
    const verified = verifyMessage(
      readFileSync(out),
      readFileSync(`${out}.minisig`, 'utf8'),
      await readTrustedKeys(trusted),
    );
    expect(verified.signer).toBe('ci maintainer');
  });

  it('malformed JSON: exit 60, and the report is still written, naming line and column', async () => {
    const submission = join(root, 'broken.json');
    writeFileSync(submission, '{"schema": "caqbench/submission@1",\n "runs": [1, 2,]}\n');
    const out = join(root, 'reports', 'broken.json');
    const run = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--key',
      join(keyDir, 'caqbench.key'),
      '--out',
      out,
    ]);
    expect(run.exitCode).toBe(60);
    expect(run.stderr).toContain('[SUBMISSION_SCHEMA]');
    expect(readReport(out).checks[0]?.findings[0]).toMatch(/broken\.json: malformed JSON at line 2, column 16/);
    expect(existsSync(`${out}.minisig`)).toBe(true);
  });

  it('variance over 1.5%: exit 65, with every check in the report', async () => {
    const submission = writeJson(
      join(root, 'noisy.json'),
      makeSubmission(bundle, { cpu: (run) => (run === 1 ? 0.08 : 0.02) }),
    );
    const out = join(root, 'reports', 'noisy.json');
    const run = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--key',
      join(keyDir, 'caqbench.key'),
      '--out',
      out,
    ]);
    expect(run.exitCode).toBe(65);
    expect(readReport(out).checks).toHaveLength(8);
    expect(readReport(out).failures).toEqual(['SUBMISSION_VARIANCE']);
  });

  it('a key file that is not a key: exit 69 before anything is validated', async () => {
    const submission = writeJson(join(root, 'good2.json'), makeSubmission(bundle));
    writeFileSync(join(root, 'not-a-key'), 'hello\n');
    const run = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--key',
      join(root, 'not-a-key'),
      '--out',
      join(root, 'x.json'),
    ]);
    expect(run.exitCode).toBe(69);
    expect(existsSync(join(root, 'x.json'))).toBe(false);
  });

  it('leaderboard --strict: a tampered report is rejected, named, and exits 68; a PASS that was not re-run, 71', async () => {
    const reports = join(root, 'reports');
    const tampered = join(reports, 'good-copy.json');
    writeFileSync(
      tampered,
      readFileSync(join(reports, 'good.json'), 'utf8').replace(
        '"submitter": "alice@example.org"',
        '"submitter": "mallory"',
      ),
    );
    writeFileSync(`${tampered}.minisig`, readFileSync(join(reports, 'good.json.minisig')));
    const lenient = await caqbench([
      'leaderboard',
      '--reports',
      reports,
      '--keys',
      trusted,
      '--out',
      join(root, 'site'),
    ]);
    expect(lenient.exitCode, lenient.stderr).toBe(0);
    expect(lenient.stdout).toContain(
      'rejected good-copy.json [SIGNATURE_INVALID]: signature invalid: signature by key',
    );
    expect(lenient.stdout).toContain('rejected good.json [LEADERBOARD_NOT_RERUN]: not re-run');
    const strict = await caqbench([
      'leaderboard',
      '--reports',
      reports,
      '--keys',
      trusted,
      '--out',
      join(root, 'site'),
      '--strict',
    ]);
    expect(strict.exitCode).toBe(68);
    const untampered = await caqbench([
      'leaderboard',
      '--reports',
      join(root, 'reports-good'),
      '--keys',
      trusted,
      '--out',
      join(root, 'site-good'),
      '--strict',
      '--add',
      join(reports, 'good.json'),
    ]);
    expect(untampered.exitCode, untampered.stdout).toBe(71);
  });
});
