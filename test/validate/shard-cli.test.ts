import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../harness/src/validate/report-types.js';
import type { Leaderboard } from '../../leaderboard/src/types.js';
import { caqbench, ensureBuilt, keygen, REPO } from '../e2e/cli.js';
import { makeTestBundle, type TestBundle } from '../submit/fixtures.js';
import { DETERMINISTIC_CHECKS } from './deterministic-checks.js';

/**
 * The maintainer's sharded validation as a CI matrix runs it: two `validate --shard` jobs, one
 * `merge --key`, the leaderboard. One data file, as in end-to-end.test.ts: the report must PASS
 * the real 1.5% gates, and fewer calls keep a loaded machine's start-up jitter inside them.
 */
let root: string;
let bundle: TestBundle;
let submission: string;
let trusted: string;
const key = () => join(root, 'keys', 'caqbench.key');

beforeAll(async () => {
  await ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'caq-vshard-cli-'));
  bundle = await makeTestBundle({ only: ['prose'] });
  ({ trusted } = await keygen(root));
  submission = join(root, 'gzip.submission.json');
  const submit = await caqbench([
    'submit',
    '--bundle',
    bundle.dir,
    '--codec-cmd',
    join(REPO, 'harness', 'wrappers', 'gzip'),
    '--submitter',
    'e2e',
    '--runs',
    '3',
    '--pause',
    '0.1',
    '--out',
    submission,
  ]);
  expect(submit.exitCode, submit.stderr).toBe(0);
});

describe('caqbench validate --shard i/n and merge', () => {
  // Whether the merged re-run passes the 1.5% gate on real CPU is a benchmark's question (scripts/bench-gates.mjs);
  // here, what does not depend on the machine's speed, and the leaderboard admitting the report exactly when it passed.
  it('two shard jobs and a signed merge give the report the leaderboard admits when it passed; the shard files never', async () => {
    const parts = [1, 2].map((i) => join(root, 'parts', `part-${i}.json`));
    for (const [i, part] of parts.entries()) {
      const run = await caqbench([
        'validate',
        submission,
        '--bundle',
        bundle.dir,
        '--rerun',
        '3',
        '--shard',
        `${i + 1}/2`,
        '--out',
        part,
      ]);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`shard ${i + 1}/2: 1 of 2 re-run cells measured`));
      expect(JSON.parse(readFileSync(part, 'utf8')).schema).toBe('caqbench/report-shard@1');
    }
    const out = join(root, 'reports', 'gzip.json');
    const merge = await caqbench(['merge', '--key', key(), '--out', out, parts[1]!, parts[0]!]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(merge.exitCode, `${merge.stdout}\n${merge.stderr}`).toBe(report.exit_status);
    expect(merge.stdout).toMatch(/^(PASS|FAIL) {2}rerun {5}/m);
    const rerun = report.checks.find((c) => c.id === 'rerun')!;
    expect(rerun.figures.shards).toBe(2);
    expect(['PASS', 'FAIL']).toContain(rerun.status);
    expect(report.rerun?.ratio).toBe(report.figures?.ratio);
    for (const id of DETERMINISTIC_CHECKS) expect(report.checks.find((c) => c.id === id)?.status, id).toBe('PASS');
    expect(report.status).toBe(report.checks.every((c) => c.status !== 'FAIL') ? 'PASS' : 'FAIL');
    writeFileSync(join(root, 'reports', 'part-1.json'), readFileSync(parts[0]!));
    const site = join(root, 'site');
    const board = await caqbench(['leaderboard', '--reports', join(root, 'reports'), '--keys', trusted, '--out', site]);
    expect(board.exitCode, board.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8')) as Leaderboard;
    const shardRejected = [
      'part-1.json',
      'invalid',
      expect.stringMatching(/^a shard of a sharded validation, not a report/),
    ];
    const passed = report.status === 'PASS';
    expect(json.bundles[0]?.lossless.map((e) => e.report) ?? []).toEqual(passed ? ['gzip.json'] : []);
    const rejected = json.rejected.map((r) => [r.report, r.kind, r.reason]).sort();
    expect(rejected).toEqual(passed ? [shardRejected] : [['gzip.json', 'failed', expect.any(String)], shardRejected]);
  });

  it('refuses a shard beyond its count, and a key for a shard, as usage errors (exit 2)', async () => {
    const beyond = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--rerun',
      '3',
      '--shard',
      '3/2',
      '--out',
      join(root, 'x.json'),
    ]);
    expect(beyond.exitCode).toBe(2);
    expect(beyond.stderr).toMatch(/--shard '3\/2': shard index 3 is beyond the shard count 2/);
    const signed = await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle.dir,
      '--rerun',
      '3',
      '--shard',
      '1/2',
      '--key',
      key(),
      '--out',
      join(root, 'y.json'),
    ]);
    expect(signed.exitCode).toBe(2);
    expect(signed.stderr).toMatch(/a shard is not a report and is not signed/);
  });
});
