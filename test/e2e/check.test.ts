import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../harness/src/cli/exit-codes.js';
import { bundleIds } from '../bundle/bundle-ids.js';
import { caqbench, ensureBuilt } from './cli.js';

const BUNDLES = ['image_small', 'mixed_stream', 'model_weights', 'synthetic_gradients', 'text_medium'];
let out: string;
let ids: Record<string, string>;

beforeAll(async () => {
  await ensureBuilt();
  ids = await bundleIds();
  out = await mkdtemp(join(tmpdir(), 'caq-e2e-check-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('caqbench check (the main job, built CLI)', () => {
  // Real CPU under the ±1.5% gate on normalised CPU, while other test files load both cores (worst run seen
  // under load: 1.32% off). Not retried: a bundle that reproduces only on a second try does not reproduce.
  // model_weights (112 tensors) alone takes two engine runs of about 2.5 minutes each on a loaded machine.
  it('builds, verifies and reproduces all five bundles, and says so in the table', { timeout: 1_200_000 }, async () => {
    expect(Object.keys(ids)).toEqual(BUNDLES);
    const run = await caqbench(['check', '--out', out], 1_200_000);
    const rows = run.stdout.split('\n').filter((line) => BUNDLES.some((b) => line.startsWith(`${b}-`)));
    // On failure the table's own lines below it name what went wrong: show them.
    expect(run.stdout).toContain('5 of 5 bundles reproduce');
    expect(run.exitCode).toBe(0);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      const [bundle, folder, tarball, compared, within, verdict] = row.split(/ {2,}/);
      expect({ folder, tarball, verdict }, bundle).toEqual({ folder: 'ok', tarball: 'ok', verdict: 'PASS' });
      expect(Number(compared)).toBeGreaterThan(0);
      expect(within).toBe(compared);
    }
    for (const b of BUNDLES) {
      expect(existsSync(join(out, ids[b]!, 'bundle.json'))).toBe(true);
      expect(existsSync(join(out, `${ids[b]}.tar.gz`))).toBe(true);
    }
  });

  it('refuses an unknown bundle name before building anything', async () => {
    const run = await caqbench(['check', '--out', join(out, 'unused'), 'no_such_bundle']);
    expect(run.exitCode).toBe(EXIT_CODES.USAGE.status);
    expect(run.stderr).toContain('no_such_bundle');
    expect(existsSync(join(out, 'unused'))).toBe(false);
  });
});
