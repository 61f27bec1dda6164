#!/usr/bin/env node
/**
 * Benchmark (not a test): is the gate fair to honest external codecs, and does it
 * still stop a jittery one? (issue 9 §3)
 *   - each wrapper of harness/wrappers (gzip, zstd, xz, bzip2, brotli) on each built
 *     bundle: `caqbench submit` with the defaults (5 runs, 1 warm-up) while ONE busy
 *     loop runs, then `caqbench validate --rerun 3` while TWO busy loops occupy both
 *     cores (a busier maintainer machine). Target: every pair PASS. Printed beside the
 *     verdict: the run-to-run spread of caq_norm (gated) and of raw CAQ, and the
 *     re-run's caq_norm and raw CAQ difference from the claim;
 *   - a jittery codec that this script writes (gzip -9, run 2 to 7 times per call,
 *     the count drawn from /dev/urandom, so its CPU varies between 2× and 7× from call
 *     to call): submitted on the first bundle under one busy loop, validated without a
 *     re-run. Target: the variance check FAILs.
 * The busy loops are `sh -c 'while :; do :; done'` (pure CPU, no memory traffic), started
 * and stopped by this script. The re-run is validated with `--baseline none`: the baseline
 * does not take part in the verdict, and would double the time. The load average is printed
 * at the start and the end: on a machine shared with other work, say so with the figures.
 * Bundles come from --dist (default ./dist); when it holds none, they are built first into
 * a temporary folder, as scripts/bench-timing.mjs does.
 *
 *   npm run build && node scripts/bench-external-gate.mjs [--codecs gzip,xz] [--bundles text_medium,mixed_stream]
 *        [--dist dist] [--no-jitter] [--jitter-only]
 * Exits 1 when a target is missed.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { printTable } from './bench-lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/caqbench.mjs');
const CODECS = ['gzip', 'zstd', 'xz', 'bzip2', 'brotli'];
const BUNDLES = ['text_medium', 'image_small', 'mixed_stream', 'synthetic_gradients'];
const pct = (x) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : 'n/a');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const JITTERY = `#!/bin/sh
# gzip -9 whose CPU varies between 2x and 7x from call to call: the input is compressed
# n times (n from 2 to 7, drawn per call), the last of them to the output.
set -eu
case "\${1:-}" in
  info) printf '{"name":"jittery-gzip","version":"1","lossless":true,"deterministic":true,"adaptive":false}\\n' ;;
  compress)
    n=$(( $(od -An -N1 -tu1 /dev/urandom) % 6 + 2 ))
    i=1; while [ "$i" -lt "$n" ]; do gzip -9 -n -c -- "$2" >/dev/null; i=$((i + 1)); done
    gzip -9 -n -c -- "$2" >"$3" ;;
  decompress) gzip -d -c -- "$2" >"$3" ;;
  *) exit 2 ;;
esac
`;

/** Busy loops of our own, stopped by their process ids. */
function busyLoops(count) {
  const loops = Array.from({ length: count }, () =>
    execa('sh', ['-c', 'while :; do :; done'], { reject: false, stdio: 'ignore' }),
  );
  return async () => {
    for (const loop of loops) loop.kill('SIGKILL');
    await Promise.all(loops);
  };
}

async function bundleFolders(dist, names) {
  if (!existsSync(dist)) return new Map();
  const entries = (await readdir(dist, { withFileTypes: true })).filter(
    (e) => e.isDirectory() && existsSync(join(dist, e.name, 'bundle.json')),
  );
  const found = new Map();
  for (const name of names) {
    const entry = entries.find((e) => e.name.startsWith(`${name}-`));
    if (entry !== undefined) found.set(name, join(dist, entry.name));
  }
  return found;
}

async function caqbench(args, cwd) {
  return execa(process.execPath, [CLI, ...args], { cwd, reject: false, all: true });
}

const checkOf = (report, id) => report.checks.find((c) => c.id === id);

/** Submit under one busy loop, validate with a re-run under two; the verdict and the figures behind it. */
async function gatePair(codecCmd, bundle, work, tag, rerun) {
  const submission = join(work, `${tag}.submission.json`);
  const reportPath = join(work, `${tag}.report.json`);
  let stop = busyLoops(1);
  const submitted = await caqbench(
    ['submit', '--bundle', bundle, '--codec-cmd', codecCmd, '--submitter', 'bench', '--out', submission],
    work,
  );
  await stop();
  if (submitted.exitCode !== 0)
    return { status: `submit exit ${submitted.exitCode}`, detail: submitted.all.slice(-300) };
  stop = busyLoops(rerun ? 2 : 1);
  const args = ['validate', submission, '--bundle', bundle, '--out', reportPath];
  const validated = await caqbench(rerun ? [...args, '--rerun', '3', '--baseline', 'none'] : args, work);
  await stop();
  if (!existsSync(reportPath))
    return { status: `validate exit ${validated.exitCode}`, detail: validated.all.slice(-300) };
  const report = JSON.parse(await readFile(reportPath, 'utf8'));
  const variance = checkOf(report, 'variance');
  const rerunCheck = checkOf(report, 'rerun');
  return {
    status: report.status,
    failures: report.failures.join(','),
    caq: report.figures?.caq,
    cpu_s: report.figures?.cpu_s,
    normVariance: variance.figures.caq_norm_variance,
    rawVariance: variance.figures.caq_variance,
    normDiff: rerunCheck.figures.caq_norm_difference,
    rawDiff: rerunCheck.figures.caq_difference,
    detail: report.checks
      .filter((c) => c.status === 'FAIL')
      .flatMap((c) => c.findings)
      .join(' | ')
      .slice(0, 300),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      codecs: { type: 'string', default: CODECS.join(',') },
      bundles: { type: 'string', default: BUNDLES.join(',') },
      dist: { type: 'string', default: 'dist' },
      'no-jitter': { type: 'boolean', default: false },
      'jitter-only': { type: 'boolean', default: false },
    },
  });
  const codecs = values.codecs.split(',').filter(Boolean);
  const names = values.bundles.split(',').filter(Boolean);
  for (const c of codecs)
    if (!CODECS.includes(c)) throw new Error(`--codecs: no wrapper '${c}' (one of ${CODECS.join(', ')})`);
  for (const n of names)
    if (!BUNDLES.includes(n)) throw new Error(`--bundles: no bundle '${n}' (one of ${BUNDLES.join(', ')})`);
  const work = await mkdtemp(join(tmpdir(), 'caq-bench-gate-'));
  const started = new Date().toISOString();
  const loadBefore = load();
  try {
    let folders = await bundleFolders(resolve(values.dist), names);
    if (folders.size < names.length) {
      console.log(`bundles missing from ${values.dist}: building them into ${work}/dist`);
      const { buildBundles } = await import(pathToFileURL(join(ROOT, 'build/harness/src/bundle/build.js')).href);
      await buildBundles({ names, outDir: join(work, 'dist'), expected: 'this-run' });
      folders = await bundleFolders(join(work, 'dist'), names);
    }
    const rows = [];
    let passed = 0;
    let pairs = 0;
    if (!values['jitter-only']) {
      for (const name of names) {
        for (const codec of codecs) {
          const t = performance.now();
          const r = await gatePair(
            join(ROOT, 'harness/wrappers', codec),
            folders.get(name),
            work,
            `${codec}-${name}`,
            true,
          );
          const seconds = ((performance.now() - t) / 1000).toFixed(0);
          pairs += 1;
          if (r.status === 'PASS') passed += 1;
          rows.push([
            codec,
            name,
            pct(r.normVariance),
            pct(r.rawVariance),
            pct(r.normDiff),
            pct(r.rawDiff),
            r.status,
            `${seconds} s`,
          ]);
          console.log(
            `${codec} on ${name}: ${r.status}${r.failures ? ` (${r.failures})` : ''}, caq_norm spread ${pct(r.normVariance)}, re-run caq_norm ${pct(r.normDiff)} off, load ${load()}${r.detail ? `\n    ${r.detail}` : ''}`,
          );
        }
      }
    }
    let jitter = null;
    if (!values['no-jitter']) {
      const codec = join(work, 'jittery-gzip');
      await writeFile(codec, JITTERY);
      await chmod(codec, 0o755);
      jitter = await gatePair(codec, folders.get(names[0]), work, 'jittery', false);
      console.log(
        `jittery gzip (2×–7× CPU per call) on ${names[0]}: ${jitter.status}${jitter.failures ? ` (${jitter.failures})` : ''}, caq_norm spread ${pct(jitter.normVariance)}, raw ${pct(jitter.rawVariance)}`,
      );
    }
    console.log(
      `\nbench-external-gate  ${started}  node ${process.version}  load average ${loadBefore} at the start, ${load()} at the end\n`,
    );
    if (rows.length > 0) {
      printTable(
        [
          'codec',
          'bundle',
          'caq_norm spread',
          'raw CAQ spread',
          're-run caq_norm off',
          're-run raw CAQ off',
          'verdict',
          'time',
        ],
        rows,
      );
      console.log(`\n${passed} of ${pairs} PASS (target ${pairs} of ${pairs})`);
    }
    const jitterFails = jitter === null || (jitter.failures ?? '').includes('SUBMISSION_VARIANCE');
    if (jitter !== null)
      console.log(
        `jittery codec: ${jitterFails ? 'fails the variance gate (target: fails)' : `${jitter.status}, NOT failed by the variance gate`}`,
      );
    if (passed < pairs || !jitterFails) process.exitCode = 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
