import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles } from '../../bundle/build.js';
import { defaultRecipesDir } from '../../bundle/paths.js';
import { listRecipes } from '../../bundle/recipe.js';
import { CaqError } from '../../errors.js';
import { withProgress } from '../../progress/reporter.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench build [name…] [--out DIR] [--recipes DIR] [--record] [--source ID=PATH]…

Builds each named bundle (every bundle when no name is given) from
bundles/<name>/recipe.yaml into DIR/<name>-<version>/ and a byte-reproducible
DIR/<name>-<version>.tar.gz, then prints each tarball with its SHA-256.
Every data source is checked against its pinned SHA-256; the engine must have
been built (npm run build). The archive's mtime is SOURCE_DATE_EPOCH when set,
else the recipe's source_date_epoch.

Options:
  --out DIR       output directory (default ./dist)
  --recipes DIR   recipes directory (default: the repository's bundles/)
  --record        make this build's engine run the bundle's reference
                  (bundles/<name>/expected/results.json, shipped as
                  expected/results.json); review and commit it. Without it the
                  build ships the recorded reference and fails if this run's
                  deterministic figures differ from it.
  --source ID=PATH
                  the file for the recipe's local source ID (repeatable): a
                  file you already have, e.g. a standard corpus. It must match
                  the SHA-256 and size the recipe pins (exit 22 otherwise);
                  a local source not given, or a PATH that does not exist,
                  exits 21. Nothing is ever fetched.
`;

/** The --source options as id → absolute path; each id once. */
function parseSources(values: string[], cwd: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1)
      throw new CaqError('USAGE', `--source takes ID=PATH, got '${value}'`, { field: '--source' });
    const id = value.slice(0, eq);
    if (sources.has(id)) throw new CaqError('USAGE', `--source ${id} is given twice`, { field: '--source' });
    sources.set(id, resolve(cwd, value.slice(eq + 1)));
  }
  return sources;
}

function sourceDateEpoch(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text))
    throw new CaqError('USAGE', `SOURCE_DATE_EPOCH must be whole seconds since 1970, got '${text}'`);
  return Number(text);
}

export const command: Command = {
  usage,
  async run(args, io) {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        recipes: { type: 'string' },
        record: { type: 'boolean' },
        source: { type: 'string', multiple: true },
      },
    });
    const sources = parseSources(parsed.values.source ?? [], io.cwd);
    const recipesDir =
      parsed.values.recipes === undefined ? defaultRecipesDir() : resolve(io.cwd, parsed.values.recipes);
    const outDir = resolve(io.cwd, parsed.values.out ?? 'dist');
    const names =
      parsed.positionals.length > 0 ? parsed.positionals : (await listRecipes(recipesDir)).map((r) => r.name);
    const built = await withProgress(
      io,
      names.map((name) => ({ id: name, title: `build ${name}` })),
      (onProgress) =>
        buildBundles({
          names,
          outDir,
          recipesDir,
          sourceDateEpoch: sourceDateEpoch(io.env),
          record: parsed.values.record === true,
          sources,
          onProgress,
        }),
    );
    for (const b of built) io.stdout(`${b.tarballSha256}  ${b.tarball}\n`);
    return 0;
  },
};
