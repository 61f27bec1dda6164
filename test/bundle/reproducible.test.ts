import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { list, type ReadEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFindings } from '../../harness/src/schema/findings.js';
import { bundleIds } from './bundle-ids.js';

/**
 * Builds through the real CLI in three temp dirs, at the same time, under
 * different umasks and time zones: the three quick bundles and model_weights
 * twice (their tarballs must be identical), synthetic_gradients once (its
 * reference run alone takes as long as the quick ones; its generated files are
 * pinned by SHA-256 in its recipe, and its archive goes through the same code).
 * Needs `npm run build` (the compiled CLI and the single-file engine), which
 * `npm test` runs first.
 */
const root = join(import.meta.dirname, '..', '..');
const QUICK = ['image_small', 'mixed_stream', 'text_medium'];
const TWICE = [...QUICK, 'model_weights'];
const BUNDLES = [...TWICE, 'synthetic_gradients'];
const RUNS = [
  { umask: '077', tz: 'Pacific/Chatham', names: TWICE },
  { umask: '022', tz: 'UTC', names: QUICK },
  { umask: '027', tz: 'America/St_Johns', names: ['synthetic_gradients', 'model_weights'] },
];
let dirs: string[] = [];
let outputs: string[] = [];
let ids: Record<string, string> = {};

function build(out: string, umask: string, tz: string, names: string[]): Promise<string> {
  const cli = join(root, 'bin', 'caqbench.mjs');
  return execa('bash', ['-c', `umask ${umask} && exec node "$0" build --out "$@"`, cli, out, ...names], {
    cwd: out,
    env: { TZ: tz, CI: '1', SOURCE_DATE_EPOCH: '' },
  }).then((r) => r.stdout);
}

/** The build dirs that hold `name`. */
function dirsOf(name: string): string[] {
  return dirs.filter((_, i) => RUNS[i]!.names.includes(name));
}

// model_weights' reference run (112 tensors) takes minutes on a loaded machine, twice here.
beforeAll(async () => {
  ids = await bundleIds();
  dirs = await Promise.all(RUNS.map(() => mkdtemp(join(tmpdir(), 'caq-build-'))));
  outputs = await Promise.all(RUNS.map((r, i) => build(dirs[i]!, r.umask, r.tz, r.names)));
}, 1_200_000);

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('caqbench build', () => {
  it('prints each tarball with its SHA-256, and two builds give identical tarballs', async () => {
    const lines = outputs.map((text, i) =>
      text
        .trim()
        .split('\n')
        .map((line) => line.replace(dirs[i]!, '<out>')),
    );
    RUNS.forEach((run, i) => {
      expect(lines[i]).toHaveLength(run.names.length);
      run.names.forEach((name, j) =>
        expect(lines[i]![j]).toMatch(
          new RegExp(`^[0-9a-f]{64}  <out>/${ids[name]!.replace(/\./g, '\\.')}\\.tar\\.gz$`),
        ),
      );
    });
    expect(lines[1]).toEqual(lines[0]!.slice(0, QUICK.length));
    expect(lines[2]![1]).toEqual(lines[0]![QUICK.length]);
    for (const name of TWICE) {
      const [x, y] = await Promise.all(dirsOf(name).map((d) => readFile(join(d, `${ids[name]}.tar.gz`))));
      expect(Buffer.compare(x!, y!), name).toBe(0);
    }
  });

  it('leaves no staging directories behind', async () => {
    for (const dir of dirs) expect((await readdir(dir)).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  it.each(BUNDLES)('%s: sha256sum -c --strict SHA256SUMS passes inside the folder', async (name) => {
    for (const dir of dirsOf(name)) {
      const folder = join(dir, ids[name]!);
      const { stdout } = await execa('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: folder });
      const listed = stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/: OK$/, ''));
      const present = (await readdir(folder, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
        .filter((p) => p !== 'SHA256SUMS')
        .sort();
      expect(listed).toEqual(present);
    }
  });

  it.each(BUNDLES)('%s: the manifest validates against schemas/bundle.schema.json', async (name) => {
    const text = await readFile(join(dirsOf(name)[0]!, ids[name]!, 'bundle.json'), 'utf8');
    expect(schemaFindings('bundle', 'bundle.json', JSON.parse(text))).toEqual([]);
  });

  it.each(BUNDLES)(
    '%s: tar entries are sorted, owned by 0/0 without names, modes normalised, mtime fixed',
    async (name) => {
      const tarball = join(dirsOf(name)[0]!, `${ids[name]}.tar.gz`);
      const head = (await readFile(tarball)).subarray(0, 10);
      expect(head.toString('hex')).toBe('1f8b0800000000000203');
      // GNU tar's own reading of the headers: `<mode> <uid>/<gid> <size> <date> <time> <path>`.
      const { stdout } = await execa('tar', ['-tvzf', tarball, '--numeric-owner', '--full-time'], {
        env: { TZ: 'UTC' },
      });
      const rows = stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/));
      const paths = rows.map((r) => r[5]!);
      expect(paths[0]).toBe(`${ids[name]}/`);
      expect([...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))).toEqual(paths);
      for (const [mode, owner, , date, time, path] of rows) {
        const executable = path!.endsWith('/') || /\/(run_canonical\.sh|engine\/mock-engine\.mjs)$/.test(path!);
        expect([path, mode, owner, `${date} ${time}`]).toEqual([
          path,
          path!.endsWith('/') ? 'drwxr-xr-x' : executable ? '-rwxr-xr-x' : '-rw-r--r--',
          '0/0',
          '2026-01-01 00:00:00',
        ]);
      }
      // No user or group names, and nothing but files and directories.
      const entries: ReadEntry[] = [];
      await list({ file: tarball, onReadEntry: (e) => entries.push(e) });
      expect(entries).toHaveLength(rows.length);
      for (const e of entries) {
        expect([e.path, e.uname ?? '', e.gname ?? '', e.type === 'File' || e.type === 'Directory']).toEqual([
          e.path,
          '',
          '',
          true,
        ]);
      }
    },
  );
});
