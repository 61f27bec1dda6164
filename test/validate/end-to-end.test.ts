import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../harness/src/validate/report-types.js';
import type { Leaderboard } from '../../leaderboard/src/types.js';
import { caqbench, ensureBuilt, keygen, REPO } from '../e2e/cli.js';
import { makeTestBundle, type TestBundle } from '../submit/fixtures.js';

/**
 * Codecs nobody here wrote — Debian's zstd and bzip2 through their wrappers — taken from
 * `caqbench submit` through `validate` (zstd with `--rerun`, the gzip baseline measured
 * beside it) to the leaderboard, by the CLI a maintainer runs. Fast codecs on purpose:
 * xz -9 spends its CPU setting up a 674 MiB dictionary, and on a busy machine that
 * start-up alone breaks the 1.5% variance gate (which is then right to fail it). One
 * data file, so that a loaded machine's start-up jitter (a few ms a call) stays
 * well inside the gate: it adds up over calls, and CAQ's +1 only dilutes it so far.
 */
let root: string;
let bundle: TestBundle;
let trusted: string;
const CODECS = [{ codec: 'zstd', rerun: true }, { codec: 'bzip2', rerun: false }] as const;

beforeAll(async () => {
  await ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'caq-e2e-'));
  bundle = await makeTestBundle({ only: ['prose'] });
  ({ trusted } = await keygen(root));
});

describe('submit → validate → leaderboard with Debian codec CLIs', () => {
  it('ranks the codec the maintainer re-ran, with the baseline measured in the same validation, and not the one only checked', async () => {
    for (const { codec, rerun } of CODECS) {
      const submission = join(root, `${codec}.submission.json`);
      const submit = await caqbench(['submit', '--bundle', bundle.dir, '--codec-cmd', join(REPO, 'harness', 'wrappers', codec), '--submitter', 'e2e', '--runs', '3', '--pause', '0', '--out', submission]);
      expect(submit.exitCode, submit.stderr).toBe(0);
      const out = join(root, 'reports', `${codec}.json`);
      const again = rerun ? ['--rerun', '3'] : [];
      const validate = await caqbench(['validate', submission, '--bundle', bundle.dir, ...again, '--key', join(root, 'keys', 'caqbench.key'), '--out', out]);
      expect(validate.exitCode, `${validate.stdout}\n${validate.stderr}`).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      expect(report.checks.find((c) => c.id === 'rerun')?.status).toBe(rerun ? 'PASS' : 'SKIP');
      if (rerun) {
        expect(report.baseline?.codec).toBe('gzip');
        expect(report.rerun?.ratio).toBe(report.figures?.ratio);
      }
    }
    const site = join(root, 'site');
    const board = await caqbench(['leaderboard', '--reports', join(root, 'reports'), '--keys', trusted, '--out', site]);
    expect(board.exitCode, board.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8')) as Leaderboard;
    const entries = json.bundles[0]!.lossless;
    expect(entries.map((e) => e.codec)).toEqual(['zstd']);
    expect(entries[0]?.delta_vs_baseline?.baseline).toBe('gzip');
    expect(json.rejected.map((r) => `${r.report} ${r.kind}`)).toEqual(['bzip2.json not-rerun']);
  });
});
