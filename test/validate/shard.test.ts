import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaqError } from '../../harness/src/errors.js';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import type { RerunRequest } from '../../harness/src/validate/rerun-check.js';
import { schemaValidator } from '../../harness/src/schema/validator.js';
import {
  areReportShards,
  mergeReportShards,
  validateShard,
  type ReportShard,
  type ReportShardInput,
} from '../../harness/src/validate/shard/index.js';
import { readReportShard } from '../../harness/src/validate/shard/read-report-shard.js';
import { validateSubmission } from '../../harness/src/validate/validate-submission.js';
import { REPO } from '../e2e/cli.js';
import { makeTestBundle, type TestBundle } from '../submit/fixtures.js';

/**
 * A validation with a maintainer re-run, once whole and once as 3 shards merged: every
 * deterministic figure must be equal. Real codec calls (Debian's gzip through its wrapper,
 * the baseline beside it) over three files of different compressibility, so a row lost
 * or counted twice in the join would move the joined ratio.
 */
let root: string;
let bundle: TestBundle;
let submissionPath: string;
let whole: Report;
let shards: ReportShardInput[];

const gzip = [join(REPO, 'harness', 'wrappers', 'gzip')];
// No pause before re-measuring an unstable run: the figures compared here are the deterministic ones.
const rerunner = (request: RerunRequest) =>
  runSubmission({
    bundle: request.bundle,
    codec: request.codec,
    submitter: 'rerun',
    runs: request.runs,
    files: request.files,
    pauseMs: 0,
  });
const options = () => ({ submission: submissionPath, bundle: bundle.dir, rerun: 3, rerunner, codecCmd: gzip });
const asInput = (value: ReportShard, i: number): ReportShardInput => ({
  file: `shard-${i + 1}.json`,
  value: structuredClone(value),
});
const refusal = (run: () => unknown): CaqError => {
  try {
    run();
  } catch (error) {
    if (error instanceof CaqError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'caq-vshard-'));
  bundle = await makeTestBundle();
  const submission = await runSubmission({
    bundle: bundle.dir,
    codec: { kind: 'command', argv: gzip },
    submitter: 'shard-test',
    runs: 3,
    pauseMs: 0,
  });
  submissionPath = join(root, 'gzip.submission.json');
  writeFileSync(submissionPath, JSON.stringify(submission));
  whole = await validateSubmission(options());
  const values: ReportShard[] = [];
  for (const index of [1, 2, 3]) values.push(await validateShard({ ...options(), shard: { index, count: 3 } }));
  shards = values.map(asInput);
});

const deterministic = (figures: Report['rerun']) =>
  figures === null
    ? null
    : {
        codec: figures.codec,
        runs: figures.runs,
        ratio: figures.ratio,
        mean_snr_db: figures.mean_snr_db,
        mean_bits_per_value: figures.mean_bits_per_value,
      };

describe('validate --shard i/n, merged', () => {
  it('deals the 6 re-run cells (codec and baseline × 3 files) out over 3 shards, each exactly once', () => {
    const matrix = shards[0]!.value.shard.matrix;
    expect(matrix).toHaveLength(6);
    expect(matrix.filter((k) => k.includes('|baseline:gzip|'))).toHaveLength(3);
    expect(shards.flatMap((s) => s.value.shard.keys).sort()).toEqual([...matrix].sort());
    for (const s of shards) expect(s.value.shard.keys).toHaveLength(2);
  });

  it('equals the unsharded validation on every deterministic figure', () => {
    const { report } = mergeReportShards(shards);
    const notRerun = (r: Report) => r.checks.filter((c) => c.id !== 'rerun');
    expect(notRerun(report)).toEqual(notRerun(whole));
    expect(report.figures).toEqual(whole.figures);
    expect(report.submission).toEqual(whole.submission);
    expect(report.rerun).not.toBeNull();
    expect(deterministic(report.rerun)).toEqual(deterministic(whole.rerun));
    expect(deterministic(report.baseline)).toEqual(deterministic(whole.baseline));
    const rerunCheck = (r: Report) => r.checks.find((c) => c.id === 'rerun')!;
    expect(rerunCheck(report).figures.ratio).toBe(rerunCheck(whole).figures.ratio);
    expect(rerunCheck(report).figures.ratio_difference).toBe(rerunCheck(whole).figures.ratio_difference);
    expect(rerunCheck(report).figures.shards).toBe(3);
    expect(rerunCheck(report).status).not.toBe('SKIP');
  });

  it("judges the joined re-run's compressed bytes against the submission's, naming the file that differs", () => {
    const { report } = mergeReportShards(shards);
    expect(report.verification).toBe('re-run');
    expect(report.checks.find((c) => c.id === 'rerun')?.figures.compressed_sha256_checked).toBe(true);
    const edited = shards.map((s, i) => asInput(s.value, i));
    const holder = edited.find((s) => s.value.maintainer.rerun !== null)!;
    const row = holder.value.maintainer.rerun!.runs[1]!.files[0]!;
    row.compressed_sha256 = '0'.repeat(64);
    // Timing gates may fail on a loaded machine: only the digest finding is pinned, and only it is new.
    const digestFindings = (r: Report) =>
      (r.checks.find((c) => c.id === 'rerun')?.findings ?? []).filter((f) => f.includes('compressed SHA-256'));
    expect(digestFindings(report)).toEqual([]);
    const judged = mergeReportShards(edited).report;
    expect(judged.failures).toContain('SUBMISSION_RERUN');
    expect(digestFindings(judged)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${row.file.replace(/\./g, '\\.')}: compressed SHA-256 differs from the submission's .* re-run 0{16}… in run 2$`,
        ),
      ),
    ]);
  });

  it('writes a report that passes the report schema, whatever order the shards come in', async () => {
    const { report } = mergeReportShards([shards[2]!, shards[0]!, shards[1]!]);
    const valid = schemaValidator('report');
    expect(valid(report), JSON.stringify(valid.errors)).toBe(true);
    expect(report.rerun?.ratio).toBe(mergeReportShards(shards).report.rerun?.ratio);
  });

  it('keeps every shard file valid against its schema, and reads it back', async () => {
    const read = await readReportShard('s.json', JSON.parse(JSON.stringify(shards[1]!.value)));
    expect(read.value.shard.index).toBe(2);
    expect(read.value.report.checks.find((c) => c.id === 'rerun')?.status).toBe('SKIP');
  });
});

describe('merge refuses shards that do not make one validation', () => {
  it('a missing shard', () => {
    const error = refusal(() => mergeReportShards(shards.slice(0, 2)));
    expect(error.code).toBe('MERGE_CONFLICT');
    expect(error.message).toMatch(/missing shard 3\/3/);
  });

  it('a shard given twice', () => {
    const error = refusal(() => mergeReportShards([...shards, asInput(shards[0]!.value, 3)]));
    expect(error.message).toMatch(/shard 1\/3 is given 2 times/);
  });

  it('a shard of another submission', () => {
    const other = asInput(shards[1]!.value, 1);
    other.value.report.submission.content_sha256 = 'f'.repeat(64);
    const error = refusal(() => mergeReportShards([shards[0]!, other, shards[2]!]));
    expect(error.message).toMatch(/different submissions \(content SHA-256\): shard 2\/3 \(shard-2\.json\)/);
  });

  it("a shard holding another submission's digests", () => {
    const other = asInput(shards[1]!.value, 1);
    const [file] = Object.keys(other.value.claimed_digests);
    other.value.claimed_digests[file!] = ['1'.repeat(64)];
    expect(refusal(() => mergeReportShards([shards[0]!, other, shards[2]!])).message).toMatch(
      /different submissions' compressed SHA-256: shard 2\/3/,
    );
  });

  it('a shard of another re-run setting', () => {
    const other = asInput(shards[2]!.value, 2);
    other.value.maintainer.runs = 5;
    expect(refusal(() => mergeReportShards([shards[0]!, shards[1]!, other])).message).toMatch(
      /different re-run settings/,
    );
  });

  it('a shard whose rows are not the cells it declares', () => {
    const edited = asInput(shards[1]!.value, 1);
    const run = edited.value.maintainer.rerun ?? edited.value.maintainer.baseline_run!;
    run.runs[0]!.files.pop();
    expect(refusal(() => mergeReportShards([shards[0]!, edited, shards[2]!])).message).toMatch(
      /its (rerun|baseline) rows do not match the \d (rerun|baseline) cell\(s\) it declares/,
    );
  });

  it('a file that is not a shard fails its schema with the JSON pointer', async () => {
    const broken = JSON.parse(JSON.stringify(shards[0]!.value)) as Record<string, unknown>;
    delete broken.maintainer;
    await expect(readReportShard('broken.json', broken)).rejects.toMatchObject({
      code: 'RESULTS_INVALID',
      message: expect.stringMatching(
        /broken\.json is not a valid validation shard:\n {2}\/: must have required property 'maintainer'/,
      ),
    });
  });

  it('validation shards and run results given together', async () => {
    const shardFile = join(root, 'mix-shard.json');
    writeFileSync(shardFile, JSON.stringify(shards[0]!.value));
    const results = join(root, 'mix-results.json');
    writeFileSync(results, JSON.stringify({ schema: 'caqbench/results@1' }));
    await expect(areReportShards([shardFile, results], root)).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/validation shards .* and results files together/),
    });
  });
});

describe('validate --shard without a re-run to split', () => {
  it('is a usage error without --rerun', async () => {
    await expect(
      validateShard({ submission: submissionPath, bundle: bundle.dir, shard: { index: 1, count: 2 } }),
    ).rejects.toMatchObject({ code: 'USAGE', field: '--shard' });
  });

  it('a submission failing its schema: empty matrix, and the merge gives the unsharded report', async () => {
    const bad = join(root, 'bad.submission.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(submissionPath, 'utf8')), runs: 'three' }));
    const unsharded = await validateSubmission({ submission: bad, bundle: bundle.dir, rerun: 3, rerunner });
    const parts = [];
    for (const index of [1, 2])
      parts.push(
        asInput(
          await validateShard({ submission: bad, bundle: bundle.dir, rerun: 3, rerunner, shard: { index, count: 2 } }),
          index - 1,
        ),
      );
    expect(parts[0]!.value.shard.matrix).toEqual([]);
    expect(mergeReportShards(parts).report).toEqual(unsharded);
    expect(unsharded.failures).toContain('SUBMISSION_SCHEMA');
  });
});
