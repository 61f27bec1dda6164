// Bundles mock-engine/src/cli.ts into one dependency-free build/engine/mock-engine.mjs (Node >= 20).
// The bytes are reproducible: esbuild is deterministic, paths in its comments are relative to the
// repository root (absWorkingDir), and nothing time- or machine-dependent goes in.
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = process.argv[2] ?? join(root, 'build/engine/mock-engine.mjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['mock-engine/src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  charset: 'utf8',
  legalComments: 'eof',
  banner: { js: '#!/usr/bin/env node' },
  outfile,
  write: false,
  logLevel: 'warning',
});

await mkdir(dirname(outfile), { recursive: true });
const temp = `${outfile}.tmp-${process.pid}`;
try {
  await writeFile(temp, result.outputFiles[0].contents);
  await chmod(temp, 0o755);
  await rename(temp, outfile);
} catch (error) {
  await rm(temp, { force: true });
  throw error;
}
process.stdout.write(`build-engine: wrote ${outfile} (${result.outputFiles[0].contents.length} bytes)\n`);
