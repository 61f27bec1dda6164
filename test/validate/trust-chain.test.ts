import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimedFigures, runAggregate } from '../../harness/src/submit/aggregate.js';
import type { Submission } from '../../harness/src/submit/types.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import type { Leaderboard } from '../../leaderboard/src/types.js';
import { caqbench, ensureBuilt, keygen, REPO } from '../e2e/cli.js';
import { makeTestBundle, type TestBundle } from '../submit/fixtures.js';

/**
 * Only what the maintainer measured is ranked. Real submissions of Debian's gzip and xz
 * (through their wrappers, by `caqbench submit`), then three claims a maintainer meets:
 * the genuine one, re-run and ranked; invented figures (gzip's sizes divided by 3, the
 * aggregates recomputed by the submit code so every sum adds up), which pass a check
 * without a re-run and must still not be ranked; and xz's sizes claimed for gzip's
 * command, which the re-run must catch by the compressed bytes of the file.
 */
let root: string;
let bundle: TestBundle;
let secretKey: string;
let trusted: string;
const wrapper = (name: string): string => join(REPO, 'harness', 'wrappers', name);
const reports = (): string => join(root, 'reports');

async function submit(codec: string): Promise<Submission> {
  const out = join(root, `${codec}.submission.json`);
  const run = await caqbench([
    'submit',
    '--bundle',
    bundle.dir,
    '--codec-cmd',
    wrapper(codec),
    '--submitter',
    'trust-chain',
    '--runs',
    '3',
    '--pause',
    '0.1',
    '--out',
    out,
  ]);
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Submission;
}

async function validate(
  name: string,
  submission: Submission,
  extra: string[],
): Promise<{ report: Report; stdout: string; exitCode: number | undefined }> {
  const path = join(root, `${name}.submission.json`);
  writeFileSync(path, `${JSON.stringify(submission, null, 2)}\n`);
  const out = join(reports(), `${name}.json`);
  const run = await caqbench(['validate', path, '--bundle', bundle.dir, ...extra, '--key', secretKey, '--out', out]);
  return { report: JSON.parse(readFileSync(out, 'utf8')) as Report, stdout: run.stdout, exitCode: run.exitCode };
}

/** The submission with every compressed size divided by 3 and its aggregates and claim recomputed by the submit code. */
function invented(real: Submission): Submission {
  const floor = { encode: real.startup_floor.encode_cpu_s.median, decode: real.startup_floor.decode_cpu_s.median };
  const runs = real.runs.map((run) => {
    const files = run.files.map((row) => ({ ...row, compressed_bytes: Math.round(row.compressed_bytes! / 3) }));
    return { ...run, files, aggregate: runAggregate(files, floor) };
  });
  return { ...real, runs, claimed: claimedFigures(runs, floor, real.protocol.cpu_floor_subtracted) };
}

let gzip: Submission;
let xz: Submission;

beforeAll(async () => {
  await ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'caq-trust-'));
  bundle = await makeTestBundle({ only: ['prose'] });
  ({ secretKey, trusted } = await keygen(root));
  gzip = await submit('gzip');
  xz = await submit('xz');
});

describe('the leaderboard ranks only what the maintainer measured', () => {
  it('invented figures pass a check without a re-run, as a consistent claim only', async () => {
    const { report, stdout, exitCode } = await validate('invented', invented(gzip), []);
    expect(exitCode, stdout).toBe(0);
    expect(report.verification).toBe('consistency-only');
    expect(report.figures!.ratio).toBeGreaterThan(2.9 * gzip.claimed.ratio);
    expect(stdout).toContain('PASS: the claim is internally consistent');
  });

  it("xz's sizes claimed for gzip's command fail the re-run, naming the file whose bytes differ", async () => {
    const swapped: Submission = { ...xz, codec: { ...gzip.codec } };
    const { report, exitCode } = await validate('swapped', swapped, ['--rerun', '3', '--baseline', 'none']);
    expect(exitCode).toBe(67);
    expect(report.failures).toContain('SUBMISSION_RERUN');
    const rerun = report.checks.find((c) => c.id === 'rerun')!;
    expect(rerun.status).toBe('FAIL');
    expect(rerun.findings).toContainEqual(
      expect.stringMatching(
        /^data\/prose\.txt: compressed SHA-256 differs from the submission's \(deterministic codec\): submitted [0-9a-f]{16}…, re-run [0-9a-f]{16}… in runs 1, 2, 3$/,
      ),
    );
  });

  it('the genuine claim, re-run, is ranked by the figures the maintainer measured, the claim beside them', async () => {
    const { report, stdout, exitCode } = await validate('genuine', gzip, ['--rerun', '3']);
    expect(exitCode, stdout).toBe(0);
    expect(report.verification).toBe('re-run');
    expect(stdout).toContain("PASS: the maintainer's re-run reproduces the claim");
    const site = join(root, 'site');
    const run = await caqbench(['leaderboard', '--reports', reports(), '--keys', trusted, '--out', site]);
    expect(run.exitCode, run.stderr).toBe(0);
    const board = JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8')) as Leaderboard;
    const entries = board.bundles.flatMap((b) => b.lossless);
    expect(entries.map((e) => e.report)).toEqual(['genuine.json']);
    const [entry] = entries;
    expect(entry!.ratio).toBe(report.rerun!.ratio);
    expect(entry!.caq).toBe(report.rerun!.caq);
    expect(entry!.cpu_s).toBe(report.rerun!.cpu_s);
    expect(entry!.claimed).toEqual({
      ratio: report.figures!.ratio,
      cpu_s: report.figures!.cpu_s,
      caq: report.figures!.caq,
    });
    expect(board.rejected.map((r) => `${r.report} ${r.kind}`)).toEqual([
      'invented.json not-rerun',
      'swapped.json failed',
    ]);
    expect(board.rejected[0]!.reason).toMatch(/^not re-run/);
    const csv = readFileSync(join(site, 'leaderboard.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv.slice(1).map((line) => line.split(',').pop())).toEqual(['genuine.json']);
  });
});
