import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { rusageHelperPath } from '../../harness/src/timing/cpu-clock.js';
import { packageRoot } from '../../harness/src/fs/package-root.js';

/** Builds build/native/rusage-exec when the suite runs without `npm run build` first. */
export async function ensureRusageHelper(): Promise<string> {
  const helper = rusageHelperPath();
  if (!existsSync(helper))
    await execa(process.execPath, [join(packageRoot(), 'scripts', 'build-native.mjs')], {
      env: { CAQ_REQUIRE_NATIVE: '1' },
    });
  return helper;
}

/** Compiles test/timing/busy-loop.c into a temp folder. */
export async function buildBusyLoop(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'caqbench-busy-'));
  const exe = join(dir, 'busy-loop');
  await execa('cc', ['-O2', '-o', exe, join(packageRoot(), 'test', 'timing', 'busy-loop.c')]);
  return exe;
}
