import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../harness/src/cli/command.js';
import { command } from '../../harness/src/cli/commands/compare.js';
import { exitStatusFor } from '../../harness/src/errors.js';
import { canonicalJsonFile } from '../../mock-engine/src/format/canonical-json.js';
import { runManifest } from '../../mock-engine/src/run/index.js';
import { writeBundle } from './bundle-fixture.js';
import { tempDir } from './helpers.js';

let dir: string;
const io = (): CliIO & { out: string } => {
  const o = {
    out: '',
    stdout: (t: string) => void (o.out += t),
    stderr: () => undefined,
    interactive: false,
    env: {},
    cwd: dir,
  };
  return o;
};

beforeAll(async () => {
  dir = tempDir();
  const manifest = writeBundle(dir, [{ codec: 'deflate', params: { level: 6 } }]);
  writeFileSync(join(dir, 'results.json'), canonicalJsonFile(await runManifest(manifest, { runs: 1, warmup: 0 })));
});

describe('caqbench compare', () => {
  it('passes a results file against itself', async () => {
    const out = io();
    expect(await command.run(['results.json', 'results.json', '--manifest', 'bundle.json'], out)).toBe(0);
    expect(out.out).toMatch(/PASS: all \d+ compared figures within ±1.5%/);
  });

  it(`exits ${exitStatusFor('COMPARE_OUT_OF_TOLERANCE')} and names the figure when one is 2% off`, async () => {
    const expected = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    // 2% more CPU in reference units, on the expected run's scale: the gated CAQ drops by 2%.
    const scale = expected.reference.cpu_s.median;
    expected.codecs[0].aggregate.cpu_ref_units =
      ((expected.codecs[0].aggregate.cpu_ref_units * scale + 1) / 0.98 - 1) / scale;
    writeFileSync(join(dir, 'expected.json'), JSON.stringify(expected));
    const out = io();
    expect(await command.run(['results.json', 'expected.json'], out)).toBe(exitStatusFor('COMPARE_OUT_OF_TOLERANCE'));
    expect(out.out.trimEnd().split('\n').at(-1)).toMatch(
      /^FAIL: 1 of \d+ compared figures outside ±1\.5%: deflate \(all files\) caq_norm$/,
    );
    const json = io();
    await command.run(['results.json', 'expected.json', '--json', '--tolerance', '0.03'], json);
    expect(JSON.parse(json.out)).toMatchObject({ pass: true, tolerance: 0.03 });
  });

  it(`exits ${exitStatusFor('RESULTS_INVALID')} naming the file and JSON pointer of a results file that fails its schema`, async () => {
    const bad = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    bad.codecs[0].files[1].ratio = 'high';
    delete bad.environment.cores;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    await expect(command.run(['results.json', 'bad.json'], io())).rejects.toMatchObject({
      code: 'RESULTS_INVALID',
      file: 'bad.json',
      field: expect.stringMatching(/^\/(environment|codecs\/0\/files\/1\/ratio)$/),
      message: expect.stringContaining('/codecs/0/files/1/ratio'),
    });
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(command.run(['broken.json', 'results.json'], io())).rejects.toMatchObject({
      code: 'RESULTS_INVALID',
      file: 'broken.json',
    });
    await expect(command.run(['missing.json', 'results.json'], io())).rejects.toMatchObject({
      code: 'RESULTS_INVALID',
      file: 'missing.json',
    });
  });
});
