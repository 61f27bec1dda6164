import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as createTar } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Submission, SubmissionFileRun } from '../../harness/src/submit/types.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import type { RerunRequest } from '../../harness/src/validate/rerun-check.js';
import { schemaValidator } from '../../harness/src/schema/validator.js';
import { validateSubmission, type ValidateOptions } from '../../harness/src/validate/validate-submission.js';
import {
  makeBundle,
  makeSubmission,
  writeJson,
  type SubmissionShape,
  type SyntheticBundle,
} from './fixtures/synthetic.js';

let root: string;
let bundle: SyntheticBundle;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'caq-validate-'));
  bundle = makeBundle(root);
});

async function validate(submission: Submission | string, options: Partial<ValidateOptions> = {}): Promise<Report> {
  const path = join(root, `submission-${++counter}.json`);
  if (typeof submission === 'string') writeFileSync(path, submission);
  else writeJson(path, submission);
  const report = await validateSubmission({ submission: path, knownBundles: root, ...options });
  const validReport = schemaValidator('report');
  expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
  return report;
}

const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!;
const shaped = (shape: SubmissionShape): Submission => makeSubmission(bundle, shape);

describe('validate: a sound submission', () => {
  it('passes every check, skips the re-run it was not asked for, and recomputes the figures', async () => {
    const report = await validate(shaped({}));
    expect(report.status).toBe('PASS');
    expect(report.exit_status).toBe(0);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'schema:PASS',
      'bundle:PASS',
      'coverage:PASS',
      'recompute:PASS',
      'runs:PASS',
      'variance:PASS',
      'roundtrip:PASS',
      'rerun:SKIP',
    ]);
    expect(report.figures?.ratio).toBeCloseTo(3, 3);
    expect(report.submission.content_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives re-indented content the same content digest', async () => {
    const submission = shaped({});
    const a = await validate(submission);
    const b = await validate(JSON.stringify(submission));
    expect(b.submission.content_sha256).toBe(a.submission.content_sha256);
  });
});

describe('validate: each failure class is caught with its code and exit status', () => {
  it('a crash row (killed by a signal) fails the round trip, naming the reason', async () => {
    const report = await validate(
      shaped({
        row: (row, run, i) =>
          run === 2 && i === 0
            ? {
                ...row,
                compressed_bytes: null,
                compressed_sha256: null,
                encode: null,
                decode: null,
                roundtrip: 'failed',
                failure: {
                  reason: 'crash',
                  stage: 'compress',
                  exit_code: null,
                  signal: 'SIGSEGV',
                  log_tail: 'Segmentation fault',
                },
              }
            : row,
      }),
    );
    expect(report.failures).toEqual(['SUBMISSION_ROUNDTRIP']);
    expect(report.exit_status).toBe(66);
    expect(check(report, 'roundtrip').findings).toEqual([
      'run 2: data/alpha.txt: crash during compress (signal SIGSEGV): Segmentation fault',
    ]);
  });

  it('a hang row (killed at the timeout) fails the round trip, naming the timeout', async () => {
    const report = await validate(
      shaped({
        row: (row, run, i) =>
          run === 1 && i === 1
            ? {
                ...row,
                decode: null,
                roundtrip: 'failed',
                failure: { reason: 'timeout', stage: 'decompress', exit_code: null, signal: 'SIGKILL', log_tail: '' },
              }
            : row,
      }),
    );
    expect(report.exit_status).toBe(66);
    expect(check(report, 'roundtrip').findings[0]).toMatch(
      /^run 1: data\/beta\.bin: timeout during decompress \(signal SIGKILL\)$/,
    );
  });

  it('a wrong round trip fails with roundtrip-mismatch', async () => {
    const report = await validate(
      shaped({
        row: (row, run, i) =>
          run === 3 && i === 0
            ? {
                ...row,
                roundtrip: 'failed',
                failure: {
                  reason: 'roundtrip-mismatch',
                  stage: 'verify',
                  exit_code: 0,
                  signal: null,
                  log_tail: 'first difference at byte 17',
                },
              }
            : row,
      }),
    );
    expect(report.failures).toEqual(['SUBMISSION_ROUNDTRIP']);
    expect(check(report, 'roundtrip').findings[0]).toContain(
      'roundtrip-mismatch during verify (exit 0): first difference at byte 17',
    );
  });

  it('a lossy codec that claims to be lossless is caught', async () => {
    const lossy = shaped({ lossless: false });
    const report = await validate({ ...lossy, codec: { ...lossy.codec, lossless: true } });
    expect(report.exit_status).toBe(66);
    expect(check(report, 'roundtrip').findings[0]).toBe(
      'run 1: data/alpha.txt: claims lossless but round-tripped lossy',
    );
  });

  it('a lossy submission without distortion figures is caught; with them it passes (ranked apart)', async () => {
    const report = await validate(
      shaped({ lossless: false, row: (row, run, i) => (run === 1 && i === 0 ? { ...row, distortion: null } : row) }),
    );
    expect(check(report, 'roundtrip').findings).toEqual(['run 1: data/alpha.txt: lossy codec declares no distortion']);
    const good = await validate(shaped({ lossless: false }));
    expect(good.status).toBe('PASS');
    expect(good.figures?.mean_snr_db).toBeCloseTo(40, 6);
  });

  it('run-to-run CAQ variance over 1.5% fails, recomputed from the rows', async () => {
    const report = await validate(shaped({ cpu: (run) => (run === 3 ? 0.05 : 0.02) }));
    expect(report.failures).toEqual(['SUBMISSION_VARIANCE']);
    expect(report.exit_status).toBe(65);
    expect(check(report, 'variance').figures.caq_variance).toBeGreaterThan(0.015);
  });

  it('a claimed variance under the gate does not hide a recomputed one above it', async () => {
    const noisy = shaped({ cpu: (run) => (run === 3 ? 0.05 : 0.02) });
    const report = await validate({ ...noisy, claimed: { ...noisy.claimed, caq_variance: 0.001 } });
    expect(report.failures).toContain('SUBMISSION_VARIANCE');
  });

  it('too few runs fails', async () => {
    const report = await validate(shaped({ runs: 2 }));
    expect(report.failures).toEqual(['SUBMISSION_TOO_FEW_RUNS']);
    expect(report.exit_status).toBe(64);
  });

  it('a wrong bundle digest fails and leaves coverage unjudged', async () => {
    const good = shaped({});
    const report = await validate({ ...good, bundle: { ...good.bundle, manifest_sha256: 'f'.repeat(64) } });
    expect(report.failures).toEqual(['SUBMISSION_BUNDLE_MISMATCH']);
    expect(report.exit_status).toBe(61);
    expect(check(report, 'bundle').findings[0]).toMatch(/bundle digest mismatch/);
    expect(check(report, 'coverage').status).toBe('SKIP');
  });

  it('an unknown bundle fails, saying where it looked', async () => {
    const good = shaped({});
    const report = await validate({ ...good, bundle: { ...good.bundle, name: 'nowhere' } });
    expect(report.exit_status).toBe(61);
    expect(check(report, 'bundle').findings.join('\n')).toContain('nowhere-1.0.0.tar.gz');
  });

  it('malformed JSON fails the schema check with the file, line and column', async () => {
    const report = await validate('{\n  "schema": "caqbench/submission@1",\n  "runs": [,]\n}\n');
    expect(report.failures).toEqual(['SUBMISSION_SCHEMA']);
    expect(report.exit_status).toBe(60);
    expect(check(report, 'schema').findings[0]).toMatch(/submission-\d+\.json: malformed JSON at line 3, column 12/);
    expect(report.submission.content_sha256).toBeNull();
    expect(check(report, 'recompute').status).toBe('SKIP');
  });

  it('every schema error is reported with its JSON pointer, not just the first', async () => {
    const bad = shaped({}) as unknown as Record<string, unknown> & Submission;
    const broken = {
      ...bad,
      submitter: undefined,
      runs: [{ ...bad.runs[0]!, files: [{ ...bad.runs[0]!.files[0]!, original_bytes: -1 }] }],
      extra: 1,
    };
    const report = await validate(JSON.stringify(broken));
    const findings = check(report, 'schema').findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        "/: must have required property 'submitter'",
        "/: unknown property 'extra'",
        '/runs/0/files/0/original_bytes: must be >= 0',
      ]),
    );
  });

  it('a claimed ratio off by 3% fails the recomputation', async () => {
    const good = shaped({});
    const report = await validate({ ...good, claimed: { ...good.claimed, ratio: good.claimed.ratio * 1.03 } });
    expect(report.failures).toEqual(['SUBMISSION_RECOMPUTE']);
    expect(report.exit_status).toBe(63);
    expect(check(report, 'recompute').findings[0]).toMatch(
      /^claimed ratio: claimed .* \(3\.00% off, tolerance ±1\.50%\)$/,
    );
  });

  it('original sizes smaller than the manifest lists fail the recomputation', async () => {
    const report = await validate(shaped({ row: (row) => ({ ...row, original_bytes: row.original_bytes * 2 }) }));
    expect(report.failures).toEqual(['SUBMISSION_RECOMPUTE']);
    expect(check(report, 'recompute').findings[0]).toMatch(/original_bytes 200000, the manifest lists 100000/);
  });

  it('a data file missing from a run fails coverage', async () => {
    const good = shaped({});
    const runs = good.runs.map((run) => (run.run === 2 ? { ...run, files: [run.files[0]!, run.files[0]!] } : run));
    const report = await validate({ ...good, runs });
    expect(report.failures).toContain('SUBMISSION_COVERAGE');
    expect(check(report, 'coverage').findings).toEqual([
      'run 2: data/alpha.txt appears 2 times',
      'run 2: data/beta.bin is missing',
    ]);
  });

  it('when several checks fail, every one is reported and the lowest status is the exit status', async () => {
    const report = await validate(shaped({ runs: 2, cpu: (run) => (run === 2 ? 0.05 : 0.02) }));
    expect(report.failures).toEqual(['SUBMISSION_TOO_FEW_RUNS', 'SUBMISSION_VARIANCE']);
    expect(report.exit_status).toBe(64);
  });
});

describe('validate --rerun (the maintainer runs the codec and the baseline)', () => {
  const isBaseline = (request: RerunRequest): boolean =>
    request.codec.kind === 'command' && request.codec.argv[0]!.endsWith('harness/wrappers/gzip');

  it('passes when the re-run reproduces ratio and CAQ, and records the baseline measured beside it', async () => {
    const requests: RerunRequest[] = [];
    const rerunner = async (request: RerunRequest) => {
      requests.push(request);
      return isBaseline(request) ? shaped({ ratio: 2.5 }) : shaped({ cpu: (run) => 0.021 + run * 0.0001 });
    };
    const report = await validate(shaped({}), { rerun: 3, rerunner });
    expect(report.status).toBe('PASS');
    expect(requests.map((r) => (r.codec.kind === 'command' ? r.codec.argv[0] : r.codec.codec))).toEqual([
      expect.stringMatching(/wrappers\/gzip$/),
      '/opt/codecs/gzip',
    ]);
    expect(requests.every((r) => r.runs === 3 && r.bundle === bundle.dir)).toBe(true);
    expect(report.baseline?.ratio).toBeCloseTo(2.5, 2);
    expect(report.rerun?.ratio).toBeCloseTo(3, 2);
    expect(report.verification).toBe('re-run');
    expect(check(report, 'rerun').figures.compressed_sha256_checked).toBe(true);
  });

  it('says a PASS without a re-run vouches only for the consistency of the claim', async () => {
    const report = await validate(shaped({}));
    expect(report.status).toBe('PASS');
    expect(report.verification).toBe('consistency-only');
  });

  it("fails a deterministic codec whose re-run bytes differ from the claim's, naming the file, though every size matches", async () => {
    const other = (row: SubmissionFileRun): SubmissionFileRun =>
      row.file === 'data/beta.bin' ? { ...row, compressed_sha256: 'f'.repeat(64) } : row;
    const rerunner = async (request: RerunRequest) =>
      isBaseline(request) ? shaped({ ratio: 2.5 }) : shaped({ row: (row, run) => (run === 2 ? other(row) : row) });
    const report = await validate(shaped({}), { rerun: 3, rerunner });
    expect(report.failures).toEqual(['SUBMISSION_RERUN']);
    expect(report.verification).toBe('re-run');
    expect(check(report, 'rerun').findings).toEqual([
      expect.stringMatching(
        /^data\/beta\.bin: compressed SHA-256 differs from the submission's \(deterministic codec\): submitted [0-9a-f]{16}…, re-run f{16}… in run 2$/,
      ),
    ]);
    expect(check(report, 'rerun').figures.ratio_difference).toBe(0);
  });

  it('says so when the codec here is another version than the submitted one', async () => {
    const rerunner = async (request: RerunRequest) =>
      isBaseline(request)
        ? shaped({ ratio: 2.5 })
        : shaped({ version: '1.13', row: (row) => ({ ...row, compressed_sha256: 'c'.repeat(64) }) });
    const report = await validate(shaped({}), { rerun: 3, rerunner });
    expect(check(report, 'rerun').findings.at(-1)).toBe(
      "the codec here is version 1.13, the submission's 1.12: re-run with the submitted build (--codec-cmd)",
    );
  });

  it('holds a codec that does not claim determinism to its sizes only', async () => {
    const free = (shape: SubmissionShape = {}): Submission => {
      const submission = shaped(shape);
      return { ...submission, codec: { ...submission.codec, deterministic: false } };
    };
    const rerunner = async (request: RerunRequest) =>
      isBaseline(request)
        ? shaped({ ratio: 2.5 })
        : free({ row: (row) => ({ ...row, compressed_sha256: 'e'.repeat(64) }) });
    const report = await validate(free(), { rerun: 3, rerunner });
    expect(report.status).toBe('PASS');
    expect(check(report, 'rerun').figures.compressed_sha256_checked).toBe(false);
  });

  it('fails a deterministic claim that lists two digests for one file', async () => {
    const submission = shaped({
      row: (row, run) =>
        run === 3 && row.file === 'data/alpha.txt' ? { ...row, compressed_sha256: 'a'.repeat(64) } : row,
    });
    const rerunner = async (request: RerunRequest) => (isBaseline(request) ? shaped({ ratio: 2.5 }) : shaped({}));
    const report = await validate(submission, { rerun: 3, rerunner });
    expect(check(report, 'rerun').findings).toEqual([
      'data/alpha.txt: the submission claims a deterministic codec but lists 2 different compressed SHA-256 for it',
    ]);
  });

  it('fails with SUBMISSION_RERUN when the maintainer measures another ratio', async () => {
    const rerunner = async (request: RerunRequest) =>
      isBaseline(request) ? shaped({ ratio: 2.5 }) : shaped({ ratio: 2.9 });
    const report = await validate(shaped({}), { rerun: 3, rerunner });
    expect(report.failures).toEqual(['SUBMISSION_RERUN']);
    expect(report.exit_status).toBe(67);
    expect(check(report, 'rerun').findings[0]).toMatch(/^ratio: submitted 3(\.\d+)?, re-run 2\.9\d* \(3\.\d+% off\)$/);
  });

  it('fails with the reason when the codec cannot be run here, and keeps a baseline error apart', async () => {
    const rerunner = async (): Promise<Submission> => {
      throw new Error('codec command /opt/codecs/gzip not found');
    };
    const report = await validate(shaped({}), { rerun: 3, rerunner });
    expect(report.exit_status).toBe(67);
    expect(check(report, 'rerun').findings).toEqual(['codec command /opt/codecs/gzip not found']);
    expect(report.baseline).toBeNull();
  });
});

describe('validate: run stability is recomputed from the rows and flagged, never failed', () => {
  // One call's CPU per run: 0.002, 0.0025, 0.003 s. A run is 2 files × (encode c + decode c/2) = 3c:
  // run CPU 0.006, 0.0075, 0.009 s; median 0.0075; |deviations| 0.0015, 0, 0.0015; MAD 0.0015;
  // MAD / median = 0.2 > 0.05. The CAQs 3/1.006, 3/1.0075, 3/1.009 spread ~0.3%, within the 1.5% gate.
  const unsteadyCpu = (run: number): number => [0.002, 0.0025, 0.003][run - 1]!;
  const expectedRelativeMad = 0.0015 / 0.0075;
  const claim = (unstable: boolean, threshold = 0.05) => ({
    metric: 'run_cpu_s',
    relative_mad: 0.01,
    threshold,
    remeasured: true,
    unstable,
  });

  it('a wide CPU spread is flagged unstable with its MAD / median, and still passes within the CAQ gate', async () => {
    const report = await validate(shaped({ cpu: unsteadyCpu }));
    expect(report.status).toBe('PASS');
    expect(report.figures?.caq_variance).toBeLessThan(0.015);
    expect(report.figures?.stability.relative_mad).toBeCloseTo(expectedRelativeMad, 10);
    expect(report.figures?.stability).toMatchObject({ threshold: 0.05, remeasured: false, unstable: true });
    const runs = check(report, 'runs');
    expect(runs.status).toBe('PASS');
    expect(runs.figures.unstable).toBe(true);
    expect(runs.figures.relative_mad).toBeCloseTo(expectedRelativeMad, 10);
    expect(runs.figures).not.toHaveProperty('claimed_unstable');
    expect(runs.message).toBe('3 runs (runs flagged unstable: CPU MAD/median 20.00% > 5.00%)');
  });

  it('steady runs are not flagged', async () => {
    // Run CPU 3 × (0.0201, 0.0202, 0.0203): MAD / median = 0.0003 / 0.0606 ≈ 0.5%.
    const report = await validate(shaped({}));
    expect(report.figures?.stability.relative_mad).toBeCloseTo(0.0003 / 0.0606, 10);
    expect(report.figures?.stability.unstable).toBe(false);
    expect(check(report, 'runs').figures.unstable).toBe(false);
    expect(check(report, 'runs').message).toBe('3 runs');
  });

  it('a claim of unstable: false on unsteady runs is reported beside the recomputed flag, not failed', async () => {
    const report = await validate({ ...shaped({ cpu: unsteadyCpu }), stability: claim(false) });
    expect(report.status).toBe('PASS');
    expect(report.figures?.stability).toMatchObject({ threshold: 0.05, remeasured: true, unstable: true });
    const runs = check(report, 'runs');
    expect(runs.status).toBe('PASS');
    expect(runs.figures).toMatchObject({ unstable: true, claimed_unstable: false });
    expect(runs.message).toContain('the submission claims unstable=false, recomputed unstable=true');
  });

  it("takes the submission's own threshold, and notes no disagreement when the claim agrees", async () => {
    const report = await validate({ ...shaped({ cpu: unsteadyCpu }), stability: claim(false, 0.25) });
    expect(report.figures?.stability).toMatchObject({ threshold: 0.25, unstable: false });
    expect(check(report, 'runs').figures).not.toHaveProperty('claimed_unstable');
  });

  it("the maintainer's re-run and baseline carry their own recomputed stability", async () => {
    const rerunner = async (request: RerunRequest) =>
      request.codec.kind === 'command' && request.codec.argv[0]!.endsWith('harness/wrappers/gzip')
        ? shaped({ ratio: 2.5 })
        : shaped({ cpu: unsteadyCpu });
    const report = await validate(shaped({ cpu: unsteadyCpu }), { rerun: 3, rerunner });
    expect(report.status).toBe('PASS');
    expect(report.rerun?.stability.unstable).toBe(true);
    expect(report.rerun?.stability.relative_mad).toBeCloseTo(expectedRelativeMad, 10);
    expect(report.baseline?.stability.unstable).toBe(false);
  });
});

describe('validate against a bundle archive', () => {
  it('reads bundle.json from a .tar.gz without unpacking it, and rejects an archive holding two', async () => {
    const archive = join(root, 'text_small-1.0.0.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: root, portable: true }, ['text_small-1.0.0']);
    expect((await validate(shaped({}), { bundle: archive })).status).toBe('PASS');
    const other = makeBundle(join(root, 'two'), 'other');
    mkdirSync(join(root, 'two', 'text_small-1.0.0'), { recursive: true });
    writeFileSync(join(root, 'two', 'text_small-1.0.0', 'bundle.json'), '{}');
    const double = join(root, 'double.tar.gz');
    await createTar({ gzip: true, file: double, cwd: join(root, 'two'), portable: true }, [
      'text_small-1.0.0',
      `${other.name}-1.0.0`,
    ]);
    const report = await validate(shaped({}), { bundle: double });
    expect(report.exit_status).toBe(61);
    expect(check(report, 'bundle').findings[0]).toMatch(
      /expected one <name>-<version>\/bundle\.json in the archive, found 2/,
    );
  });
});
