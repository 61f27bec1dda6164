import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The CLI runs from build/. `npm test` builds first (pretest); a direct
 * `npx vitest run test/e2e` builds here only when build/ is missing, so after
 * editing sources run `npm run build` (or `npm test`) to test the new code.
 */
export async function ensureBuilt(): Promise<void> {
  const needed = ['build/harness/src/cli/main.js', 'build/engine/mock-engine.mjs'];
  if (needed.every((p) => existsSync(`${REPO}/${p}`))) return;
  await execa('npm', ['run', 'build'], { cwd: REPO });
}

/** `node bin/caqbench.mjs …` as a user runs it; CI=1 for plain progress lines on stderr. */
export function caqbench(args: string[], timeout = 120_000): Promise<Result<{ reject: false }>> {
  return execa(process.execPath, ['bin/caqbench.mjs', ...args], {
    cwd: REPO,
    reject: false,
    timeout,
    env: { CI: '1' },
  }) as Promise<Result<{ reject: false }>>;
}

/**
 * `caqbench keygen --out <root>/keys` as a maintainer runs it, and the trusted-keys file
 * made from the public-key line it prints (`<root>/maintainers.pub`).
 */
export async function keygen(
  root: string,
  comment?: string,
): Promise<{ keyDir: string; secretKey: string; trusted: string }> {
  const keyDir = join(root, 'keys');
  const run = await caqbench(['keygen', '--out', keyDir, ...(comment === undefined ? [] : ['--comment', comment])]);
  if (run.exitCode !== 0) throw new Error(`caqbench keygen failed (${run.exitCode}): ${run.stderr}`);
  const trusted = join(root, 'maintainers.pub');
  writeFileSync(trusted, `${run.stdout.trim().split('\n').pop()}\n`);
  return { keyDir, secretKey: join(keyDir, 'caqbench.key'), trusted };
}
