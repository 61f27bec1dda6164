import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { bundleIds } from '../bundle/bundle-ids.js';
import { caqbench, ensureBuilt } from './cli.js';

const BUNDLES = ['image_small', 'mixed_stream', 'model_weights', 'synthetic_gradients', 'text_medium'];
/** The figures that move with the machine's CPU; every other compared figure must match on any machine. */
const CPU_METRICS = new Set([
  'caq_norm',
  'mean_file_caq_norm',
  'cpu_ref_units',
  'encode_cpu_s',
  'decode_cpu_s',
  'cpu_s',
]);
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
  // Whether the CPU figures reproduce within ±1.5% on a loaded machine is a benchmark's question
  // (scripts/bench-gates.mjs runs this check and exits non-zero when a bundle does not reproduce);
  // here, everything that does not depend on the machine's speed.
  it('builds and verifies all five bundles, and reproduces every figure that does not depend on CPU speed', {
    timeout: 1_200_000,
  }, async () => {
    expect(Object.keys(ids)).toEqual(BUNDLES);
    const run = await caqbench(['check', '--out', out], 1_200_000);
    const table = run.stdout.split('\n');
    const rows = table.filter((line) => / {2}(PASS|FAIL)/.test(line) && BUNDLES.some((b) => line.startsWith(`${b}-`)));
    expect(rows, run.stdout).toHaveLength(5);
    const offBy = new Map<string, string[]>();
    for (const line of table) {
      const m = /^(\S+): .* (\S+): expected /.exec(line);
      if (m !== null) offBy.set(m[1]!, [...(offBy.get(m[1]!) ?? []), m[2]!]);
    }
    for (const row of rows) {
      const [bundle, folder, tarball, compared, within, verdict] = row.split(/ {2,}/);
      const off = offBy.get(bundle!) ?? [];
      expect(
        off.filter((metric) => !CPU_METRICS.has(metric)),
        `${bundle}: ${run.stdout}`,
      ).toEqual([]);
      expect({ folder, tarball }, bundle).toEqual({ folder: 'ok', tarball: 'ok' });
      expect(Number(compared)).toBeGreaterThan(0);
      expect(Number(within)).toBe(Number(compared) - off.length);
      expect(verdict).toBe(off.length === 0 ? 'PASS' : 'FAIL (tolerance)');
    }
    const failing = rows.filter((row) => !row.endsWith('PASS')).length;
    expect(run.stdout).toContain(`${5 - failing} of 5 bundles reproduce`);
    expect(run.exitCode).toBe(failing === 0 ? 0 : EXIT_CODES.COMPARE_OUT_OF_TOLERANCE.status);
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
