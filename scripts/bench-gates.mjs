#!/usr/bin/env node
/**
 * Benchmark (not a test): the targets that depend on real CPU time, which the
 * unit and end-to-end tests leave out so they cannot fail on a busy machine
 * (nor pass on a retry). Each is a ratio against a reference measured in this
 * run, or a verdict of the real gates; the script exits 1 when any target is missed.
 *   - reference units follow a call's CPU: a 8 ms busy loop is 1.5–2.7× the
 *     units of a 4 ms one (the paired reference timing, metrics/reference-units);
 *   - the wait4 clock resolves below 0.1 ms and its start-up floor is under 50 ms
 *     (bash `time`'s figures beside it, for scale);
 *   - verify stops a gzip bomb (ten 30 MiB files of zeros in 1 MiB of archive, each
 *     under --max-bytes 64 MiB, so it is the running total that stops it) in at most
 *     3× the time node:zlib takes to inflate 64 MiB of zeros;
 *   - `caqbench check` reproduces every bundle within ±1.5% (exit 0);
 *   - submit → validate --rerun 3 of the gzip wrapper on text_medium PASSes the
 *     variance and re-run gates, unsharded and as two shards merged.
 *
 *   npm run build && node scripts/bench-gates.mjs [--only reference|clocks|bomb|check|gates]…
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execa } from 'execa';
import { Header } from 'tar';
import { MIB, printTable } from './bench-lib.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const built = (path) => import(pathToFileURL(join(ROOT, 'build', path)).href);
const results = [];
const record = (target, figure, ok) => results.push([target, figure, ok ? 'yes' : 'NO']);

function spin(us) {
  return () => {
    const end = process.cpuUsage().user + us;
    while (process.cpuUsage().user < end);
  };
}

async function referenceScaling() {
  const [{ measureCpu }, { referenceUnits }] = await Promise.all([
    built('mock-engine/src/metrics/cpu.js'),
    built('mock-engine/src/metrics/reference-units.js'),
  ]);
  const short = measureCpu(spin(4_000), { runs: 5, warmup: 1 });
  const long = measureCpu(spin(8_000), { runs: 5, warmup: 1 });
  const ratio = referenceUnits(long.samples, long.references) / referenceUnits(short.samples, short.references);
  record('reference units: 8 ms / 4 ms busy loop in 1.5–2.7', ratio.toFixed(3), ratio >= 1.5 && ratio <= 2.7);
}

async function clocks() {
  const [{ calibrateClock }, { resolveCpuClock }] = await Promise.all([
    built('harness/src/timing/calibrate.js'),
    built('harness/src/timing/cpu-clock.js'),
  ]);
  const fine = await calibrateClock(resolveCpuClock('wait4'), 20);
  const coarse = await calibrateClock(resolveCpuClock('bash-time'), 20);
  record(
    'wait4 resolution < 0.1 ms (bash time: its 1 ms)',
    `${(fine.observed_resolution_s * 1e3).toFixed(4)} ms (bash ${(coarse.observed_resolution_s * 1e3).toFixed(1)} ms)`,
    fine.observed_resolution_s < 1e-4,
  );
  record(
    'wait4 floor (median CPU of `true`) < 50 ms',
    `${(fine.floor_cpu_s.median * 1e3).toFixed(2)} ms (bash ${(coarse.floor_cpu_s.median * 1e3).toFixed(1)} ms)`,
    fine.floor_cpu_s.median < 0.05,
  );
}

/** A multi-member gzip: a tar header per file, then one 1 MiB member of zeros repeated (gunzip concatenates members). */
function bomb(files, mibEach) {
  const zeros = gzipSync(Buffer.alloc(MIB));
  const members = [];
  const header = (path, type, size) => {
    const h = new Header({ path, type, size, mode: type === 'Directory' ? 0o755 : 0o644, mtime: new Date(0) });
    const block = Buffer.alloc(512);
    h.encode(block);
    return block;
  };
  members.push(gzipSync(header('bomb-1.0.0/', 'Directory', 0)));
  for (let i = 0; i < files; i++) {
    members.push(gzipSync(header(`bomb-1.0.0/data/zeros-${i}.bin`, 'File', mibEach * MIB)));
    for (let j = 0; j < mibEach; j++) members.push(zeros);
  }
  members.push(gzipSync(Buffer.alloc(1024)));
  return Buffer.concat(members);
}

async function bombStop(work) {
  const { verifyBundle } = await built('harness/src/verify/verify-bundle.js');
  const file = join(work, 'bomb.tar.gz');
  await writeFile(file, bomb(10, 30));
  const limit = 64 * MIB;
  const plain = gzipSync(Buffer.alloc(limit));
  let reference = Number.POSITIVE_INFINITY;
  let stop = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    gunzipSync(plain);
    reference = Math.min(reference, performance.now() - t);
    t = performance.now();
    const report = await verifyBundle(file, { maxBytes: limit });
    stop = Math.min(stop, performance.now() - t);
    const finding = report.findings[0];
    if (finding?.code !== 'VERIFY_SIZE_LIMIT' || !/after \d+ bytes/.test(finding.message)) {
      throw new Error(`the bomb was not stopped while reading, at the size limit: ${JSON.stringify(finding)}`);
    }
  }
  const ratio = stop / reference;
  record(
    'verify stops a 300 MiB bomb at 64 MiB in ≤ 3× inflating 64 MiB',
    `${ratio.toFixed(2)}× (${stop.toFixed(0)} ms vs ${reference.toFixed(0)} ms)`,
    ratio <= 3,
  );
}

const caqbench = (args) =>
  execa(process.execPath, [join(ROOT, 'bin/caqbench.mjs'), ...args], { cwd: ROOT, reject: false, env: { CI: '1' } });

async function check(dist) {
  const run = await caqbench(['check', '--out', dist]);
  const line = run.stdout.trimEnd().split('\n').pop();
  record('caqbench check: every bundle reproduces (exit 0)', `${line} (exit ${run.exitCode})`, run.exitCode === 0);
}

async function gates(work, dist) {
  const bundle = join(dist, 'text_medium-1.0.0');
  if ((await caqbench(['verify', bundle])).exitCode !== 0) await caqbench(['build', 'text_medium', '--out', dist]);
  const submission = join(work, 'gzip.submission.json');
  const submit = await caqbench([
    'submit',
    '--bundle',
    bundle,
    '--codec-cmd',
    join(ROOT, 'harness/wrappers/gzip'),
    '--submitter',
    'bench',
    '--runs',
    '3',
    '--out',
    submission,
  ]);
  if (submit.exitCode !== 0) throw new Error(`submit failed (${submit.exitCode}): ${submit.stderr.slice(-2000)}`);
  const report = join(work, 'report.json');
  const whole = await caqbench(['validate', submission, '--bundle', bundle, '--rerun', '3', '--out', report]);
  record(
    'validate --rerun 3 (gzip on text_medium) PASSes the real gates',
    verdictLine(whole.stdout),
    whole.exitCode === 0,
  );
  const parts = [1, 2].map((i) => join(work, `part-${i}.json`));
  for (const [i, part] of parts.entries())
    await caqbench([
      'validate',
      submission,
      '--bundle',
      bundle,
      '--rerun',
      '3',
      '--shard',
      `${i + 1}/2`,
      '--out',
      part,
    ]);
  const merged = await caqbench(['merge', '--out', join(work, 'merged.json'), ...parts]);
  record('the same as two shards, merged, PASSes', verdictLine(merged.stdout), merged.exitCode === 0);
}

/** The report's variance and re-run lines, as validate prints them. */
function verdictLine(stdout) {
  return stdout
    .split('\n')
    .filter((l) => /^(PASS|FAIL) {2}(variance|rerun)/.test(l))
    .map((l) => l.replace(/\s+/g, ' ').slice(0, 90))
    .join('; ');
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true, default: [] } } });
  const runs = (name) => values.only.length === 0 || values.only.includes(name);
  const work = await mkdtemp(join(tmpdir(), 'caq-bench-gates-'));
  try {
    const dist = join(work, 'dist');
    if (runs('reference')) await referenceScaling();
    if (runs('clocks')) await clocks();
    if (runs('bomb')) await bombStop(work);
    if (runs('check')) await check(dist);
    if (runs('gates')) await gates(work, dist);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(`\nbench-gates  ${new Date().toISOString()}  node ${process.version}\n`);
  printTable(['target', 'measured', 'met'], results);
  const missed = results.filter((r) => r[2] !== 'yes').length;
  if (missed > 0) {
    console.log(`\n${missed} target(s) missed`);
    process.exitCode = 1;
  }
}

await main();
