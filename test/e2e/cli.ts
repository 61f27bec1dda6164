import { existsSync } from 'node:fs';
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
  return execa(process.execPath, ['bin/caqbench.mjs', ...args], { cwd: REPO, reject: false, timeout, env: { CI: '1' } }) as Promise<Result<{ reject: false }>>;
}
