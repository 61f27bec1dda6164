#!/usr/bin/env node
/**
 * Benchmark (not a test): build and verify a ~1 GiB bundle of generated,
 * compressible data and print, from this one run, ratios against reference
 * tools measured on the same bytes in the same run:
 *   - `caqbench verify <folder>` throughput / `openssl dgst -sha256` (target ≥ 0.9), `sha256sum -c` beside it;
 *   - build wall time (manifest, SHA256SUMS, reproducible .tar.gz) / GNU `tar --sort=name … | gzip -n -6` (target ≤ 1.3);
 *   - peak RSS of verify and build, each in its own child under GNU time (target ≤ 256 MB).
 * The build measured is the builder's own library (build/harness/src/bundle) on a
 * generated folder: the data are not a recipe's, and the engine's reference run is
 * left out (it measures codecs, not the builder).
 *
 *   npm run build && node scripts/bench-bundle.mjs [--size-mib 1024] [--keep]
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateText, measured, MIB, printTable, ratio, requireTools } from './bench-lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD = join(ROOT, 'build');
const NAME = 'bench_generated';
const VERSION = '1.0.0';
const EPOCH = 1767225600;

/** The build, as a child process of its own so GNU time sees its peak RSS alone. */
async function childBuild(folder, tarball) {
  const lib = (p) => import(pathToFileURL(join(BUILD, 'harness/src/bundle', p)).href);
  const [
    { sha256File },
    { canonicalJsonFile },
    { writeChecksums },
    { normaliseModes },
    { writeTarball },
    { engineIdentity },
    { TOOL_VERSION },
  ] = await Promise.all([
    lib('hash.js'),
    import(pathToFileURL(join(BUILD, 'mock-engine/src/format/canonical-json.js')).href),
    lib('checksums.js'),
    lib('modes.js'),
    lib('tarball.js'),
    lib('engine.js'),
    import(pathToFileURL(join(BUILD, 'harness/src/version.js')).href),
  ]);
  const phases = {};
  let t = performance.now();
  const lap = (name) => {
    phases[name] = (performance.now() - t) / 1000;
    t = performance.now();
  };
  const names = (await readdir(join(folder, 'data'))).sort();
  const files = [];
  for (const name of names) {
    const path = `data/${name}`;
    files.push({
      path,
      role: 'data',
      bytes: (await stat(join(folder, path))).size,
      sha256: await sha256File(join(folder, path)),
      media_type: 'text/plain',
      format: 'raw',
      dtype: null,
      shape: null,
      licence: 'CC0-1.0',
      source: {
        generator: 'scripts/bench-bundle.mjs',
        algorithm: 'xorshift32 word chooser over a generated vocabulary',
        parameters: { seed: files.length + 1 },
      },
      provenance: 'generated for the bundle benchmark',
    });
  }
  const enginePath = join(folder, 'engine', 'mock-engine.mjs');
  const engine = {
    path: 'engine/mock-engine.mjs',
    sha256: await sha256File(enginePath),
    ...(await engineIdentity(enginePath)),
  };
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const manifest = {
    schema: 'caqbench/bundle@1',
    name: NAME,
    version: VERSION,
    description: 'Generated text for the bundle benchmark.',
    tool_version: TOOL_VERSION,
    source_date_epoch: EPOCH,
    files,
    engine,
    codecs: [{ codec: 'gzip', params: { level: 6 } }],
    metrics: ['compressed_bytes', 'ratio'],
    tolerance: { relative: 0.015, gate_cpu: false },
    limits: { max_file_bytes: Math.max(...files.map((f) => f.bytes)), max_total_bytes: total },
    run: { runs: 1, warmup: 0 },
  };
  await writeFile(join(folder, 'bundle.json'), canonicalJsonFile(manifest));
  lap('manifest_s');
  await writeChecksums(folder);
  await normaliseModes(folder);
  lap('checksums_s');
  const sha256 = await writeTarball(folder, tarball, EPOCH);
  lap('tarball_s');
  process.stdout.write(`${JSON.stringify({ phases, sha256, maxRSS_kb: process.resourceUsage().maxRSS })}\n`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      'size-mib': { type: 'string', default: '1024' },
      keep: { type: 'boolean' },
      'child-build': { type: 'string', multiple: true },
    },
  });
  if (values['child-build'] !== undefined) return childBuild(...values['child-build']);
  const sizeMib = Number(values['size-mib']);
  if (!(sizeMib >= 4)) throw new Error('--size-mib must be at least 4');
  await requireTools(['openssl', 'sha256sum', 'tar', 'gzip', '/usr/bin/time']);
  const work = await mkdtemp(join(tmpdir(), 'caq-bench-bundle-'));
  const folder = join(work, `${NAME}-${VERSION}`);
  try {
    // 16 MiB files, at least 4 of them, so verify has files to spread over cores.
    const count = Math.max(4, Math.ceil(sizeMib / 16));
    const fileBytes = Math.floor((sizeMib * MIB) / count);
    await mkdir(join(folder, 'data'), { recursive: true });
    await mkdir(join(folder, 'engine'));
    await copyFile(join(BUILD, 'engine', 'mock-engine.mjs'), join(folder, 'engine', 'mock-engine.mjs'));
    const genStart = performance.now();
    for (let i = 0; i < count; i++)
      await generateText(join(folder, 'data', `part-${String(i).padStart(4, '0')}.txt`), fileBytes, i + 1);
    const bytes = count * fileBytes;
    console.log(
      `generated ${count} files, ${(bytes / MIB).toFixed(0)} MiB, in ${((performance.now() - genStart) / 1000).toFixed(1)} s (${work})`,
    );

    const build = await measured(process.execPath, [
      fileURLToPath(import.meta.url),
      '--child-build',
      folder,
      '--child-build',
      join(work, 'bundle.tar.gz'),
    ]);
    const built = JSON.parse(build.stdout);
    const reference = await measured('bash', [
      '-c',
      `tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - -C "${work}" "${NAME}-${VERSION}" | gzip -n -6 > "${work}/reference.tar.gz"`,
    ]);
    const tarBytes = (await stat(join(work, 'bundle.tar.gz'))).size;
    const refBytes = (await stat(join(work, 'reference.tar.gz'))).size;

    const dataFiles = (await readdir(join(folder, 'data'))).sort().map((f) => join('data', f));
    const openssl = await measured('openssl', ['dgst', '-sha256', ...dataFiles], { cwd: folder });
    const sha256sum = await measured('sha256sum', ['-c', '--strict', '--quiet', 'SHA256SUMS'], { cwd: folder });
    const verify = await measured(process.execPath, [join(ROOT, 'bin', 'caqbench.mjs'), 'verify', folder, '--json'], {
      env: { CI: '1' },
    });
    if (!JSON.parse(verify.stdout).ok) throw new Error(`verify found problems: ${verify.stdout.slice(0, 2000)}`);
    const verifyTar = await measured(
      process.execPath,
      [
        join(ROOT, 'bin', 'caqbench.mjs'),
        'verify',
        join(work, 'bundle.tar.gz'),
        '--json',
        '--max-bytes',
        `${Math.ceil(sizeMib / 1024) + 1}G`,
      ],
      { env: { CI: '1' } },
    );
    if (!JSON.parse(verifyTar.stdout).ok)
      throw new Error(`verify of the tarball found problems: ${verifyTar.stdout.slice(0, 2000)}`);

    const mbps = (run) => bytes / 1e6 / run.wall_s;
    console.log(
      `\nbench-bundle  ${new Date().toISOString()}  ${sizeMib} MiB in ${count} files  node ${process.version}\n`,
    );
    printTable(
      ['figure', 'measured', 'reference', 'ratio', 'target'],
      [
        [
          'verify folder throughput (MB/s, wall)',
          mbps(verify).toFixed(0),
          `openssl ${mbps(openssl).toFixed(0)}`,
          ratio(mbps(verify), mbps(openssl)),
          '≥ 0.9',
        ],
        [
          'verify folder throughput per CPU second (MB/s)',
          (bytes / 1e6 / verify.cpu_s).toFixed(0),
          `openssl ${(bytes / 1e6 / openssl.cpu_s).toFixed(0)}`,
          ratio(bytes / verify.cpu_s, bytes / openssl.cpu_s),
          '(per core)',
        ],
        [
          'sha256sum -c throughput (MB/s, wall)',
          mbps(sha256sum).toFixed(0),
          `openssl ${mbps(openssl).toFixed(0)}`,
          ratio(mbps(sha256sum), mbps(openssl)),
          '',
        ],
        [
          'verify / sha256sum -c (throughput)',
          mbps(verify).toFixed(0),
          mbps(sha256sum).toFixed(0),
          ratio(mbps(verify), mbps(sha256sum)),
          '',
        ],
        [
          'build wall (s): manifest + SHA256SUMS + tar.gz',
          build.wall_s.toFixed(1),
          `tar|gzip -6 ${reference.wall_s.toFixed(1)}`,
          ratio(build.wall_s, reference.wall_s),
          '≤ 1.3',
        ],
        [
          '  of which the .tar.gz alone (s)',
          built.phases.tarball_s.toFixed(1),
          reference.wall_s.toFixed(1),
          ratio(built.phases.tarball_s, reference.wall_s),
          '',
        ],
        [
          '  hashing: manifest / SHA256SUMS (s)',
          `${built.phases.manifest_s.toFixed(1)} / ${built.phases.checksums_s.toFixed(1)}`,
          '',
          '',
          '',
        ],
        [
          'archive size (MiB): ours gzip-9 (fflate) vs gzip -6',
          (tarBytes / MIB).toFixed(1),
          (refBytes / MIB).toFixed(1),
          ratio(tarBytes, refBytes),
          '',
        ],
        ['peak RSS verify folder (MB)', (verify.max_rss_kb / 1024).toFixed(0), '', '', '≤ 256'],
        [
          'peak RSS verify .tar.gz (MB)',
          (verifyTar.max_rss_kb / 1024).toFixed(0),
          `${verifyTar.wall_s.toFixed(1)} s`,
          '',
          '≤ 256',
        ],
        [
          'peak RSS build (MB)',
          (build.max_rss_kb / 1024).toFixed(0),
          `child says ${(built.maxRSS_kb / 1024).toFixed(0)}`,
          '',
          '≤ 256',
        ],
      ],
    );
  } finally {
    if (values.keep) console.log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
