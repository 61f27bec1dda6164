import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { CaqError } from '../errors.js';
import { builtEnginePath } from './paths.js';

export const ENGINE_PATH_IN_BUNDLE = 'engine/mock-engine.mjs';

/** The built single-file engine; there is no placeholder to fall back on. */
export function requireBuiltEngine(built: string = builtEnginePath()): string {
  if (!existsSync(built)) {
    throw new CaqError('ENGINE_MISSING', `the engine has not been built: ${built} does not exist`, {
      file: built,
      hint: 'npm run build',
    });
  }
  return built;
}

/** Copy the built engine into the bundle. */
export async function copyEngine(folder: string, built?: string): Promise<string> {
  const source = requireBuiltEngine(built);
  const dest = join(folder, ENGINE_PATH_IN_BUNDLE);
  await mkdir(dirname(dest), { recursive: true });
  await copyFile(source, dest);
  return dest;
}

async function engine(enginePath: string, args: string[], what: string): Promise<string> {
  const result = await execa(process.execPath, [enginePath, ...args], { reject: false, stripFinalNewline: false });
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-20).join('\n');
    throw new CaqError('BUILD_RUN_FAILED', `${what} failed (exit ${result.exitCode ?? result.signal}):\n${detail}`, {
      file: enginePath,
      hint: 'run the same engine command by hand to see the whole output',
    });
  }
  return result.stdout;
}

/** The engine's own `{name, version}` as it reports them, recorded in the manifest. */
export async function engineIdentity(enginePath: string): Promise<{ name: string; version: string }> {
  const info = JSON.parse(await engine(enginePath, ['info'], 'engine info')) as { name?: unknown; version?: unknown };
  if (typeof info.name !== 'string' || typeof info.version !== 'string') {
    throw new CaqError('BUILD_RUN_FAILED', '`engine info` did not report a name and version', { file: enginePath });
  }
  return { name: info.name, version: info.version };
}

/** The build's reference run: the bundled engine over the bundle's own manifest, exactly as run_canonical.sh runs it. */
export async function runEngine(folder: string, resultsPath: string): Promise<void> {
  await engine(
    join(folder, ENGINE_PATH_IN_BUNDLE),
    ['run', '--manifest', join(folder, 'bundle.json'), '--out', resultsPath],
    `engine run of ${folder}`,
  );
}
