import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Leaderboard } from '../../leaderboard/src/types.js';
import { caqbench, ensureBuilt } from '../e2e/cli.js';
import { makeBundle, makeKeys, makeReport, type Keys } from './fixtures.js';

/**
 * Eight maintainers publish at once: eight `caqbench leaderboard --add` processes of the
 * built CLI, started together, each adding its own signed, re-run report to one board.
 * Every process reads the whole folder and rewrites every output, so without the lock
 * two builds overlap: both miss what the other adds, and whichever writes last publishes a
 * board that lacks a report. Under the lock the updates run one after the other, so the
 * k-th sees exactly k of the eight, and the last all of them. The board already holds a
 * season of reports (another bundle's), as a real one does: each build reads and checks
 * them all, so unlocked builds would overlap however the eight processes start.
 */
const PUBLISHERS = 8;
const PUBLISHED = 100;
let root: string;
let keys: Keys;
const staged: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'caq-publish-'));
  keys = await makeKeys(root);
  const bundle = makeBundle(root);
  const archive = makeBundle(root, 'archive', '1.0.0');
  for (let i = 0; i < PUBLISHED; i++) {
    await makeReport(
      join(root, 'reports'),
      `archive-${i}`,
      archive,
      { codec: `old-${i}`, ratio: 2 + i / PUBLISHED },
      keys.maintainer,
    );
  }
  for (let i = 0; i < PUBLISHERS; i++) {
    staged.push(
      await makeReport(
        join(root, 'staged'),
        `codec-${i}`,
        bundle,
        { codec: `codec-${i}`, ratio: 2 + i / 8 },
        keys.maintainer,
      ),
    );
  }
});

describe('caqbench leaderboard --add, eight processes at once', () => {
  it('ranks all eight reports, each update seeing every report added before it', async () => {
    const reports = join(root, 'reports');
    const site = join(root, 'site');
    const runs = await Promise.all(
      staged.map((report) =>
        caqbench([
          'leaderboard',
          '--reports',
          reports,
          '--keys',
          keys.trustedFile,
          '--out',
          site,
          '--add',
          report,
          '--strict',
        ]),
      ),
    );
    expect(
      runs.map((run) => run.exitCode),
      runs.map((run) => run.stderr).join('\n'),
    ).toEqual(staged.map(() => 0));
    const seen = runs.map((run) => Number(/^text_small 1\.0\.0: (\d+) lossless/m.exec(run.stdout)?.[1]));
    expect(seen.sort((a, b) => a - b)).toEqual(staged.map((_, i) => i + 1));
    const board = JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8')) as Leaderboard;
    expect(board.rejected).toEqual([]);
    const ranked = (name: string): string[] =>
      board.bundles
        .filter((b) => b.name === name)
        .flatMap((b) => b.lossless.map((e) => e.codec))
        .sort();
    expect(ranked('text_small')).toEqual(staged.map((_, i) => `codec-${i}`));
    expect(ranked('archive')).toHaveLength(PUBLISHED);
  });
});
