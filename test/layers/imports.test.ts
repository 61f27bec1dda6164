import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

/** Every relative module a source file imports (static, dynamic and type-only), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

function violations(files: string[], forbidden: (target: string, file: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((t) => forbidden(t, file))
      .map((t) => `${file} -> ${t}`),
  );
}

describe('layers point one way', () => {
  const harnessLibrary = sources('harness/src').filter((f) => !f.startsWith('harness/src/cli/'));

  it('finds the imports it checks', () => {
    expect(importsOf('harness/src/cli/main.ts')).toContain('harness/src/errors.js');
    expect(importsOf('harness/src/cli/commands/leaderboard.ts')).toContain('leaderboard/src/update-leaderboard.js');
  });

  it('the harness library never imports the CLI, nor the leaderboard (only the leaderboard command does)', () => {
    expect(violations(harnessLibrary, (t) => t.startsWith('harness/src/cli/') || t.startsWith('leaderboard/'))).toEqual(
      [],
    );
  });

  it("the leaderboard uses the harness library, never the harness's CLI", () => {
    expect(violations(sources('leaderboard/src'), (t) => t.startsWith('harness/src/cli/'))).toEqual([]);
  });

  it('the engine imports nothing from the harness or the leaderboard, and its library nothing from its CLI', () => {
    const engine = sources('mock-engine/src');
    expect(violations(engine, (t) => t.startsWith('harness/') || t.startsWith('leaderboard/'))).toEqual([]);
    const library = engine.filter((f) => !f.startsWith('mock-engine/src/cli/') && f !== 'mock-engine/src/cli.ts');
    expect(violations(library, (t) => t.startsWith('mock-engine/src/cli/'))).toEqual([]);
  });

  it('no module imports itself through others (types included): mock-engine, harness, leaderboard', () => {
    const files = [...sources('mock-engine/src'), ...sources('harness/src'), ...sources('leaderboard/src')];
    const edges = new Map(
      files.map((f) => [
        f,
        importsOf(f)
          .map((t) => t.replace(/\.js$/, '.ts'))
          .filter((t) => t !== f),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
