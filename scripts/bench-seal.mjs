#!/usr/bin/env node
/**
 * Benchmark (not a test): what sealing a codec call costs, and that the CPU it
 * reports is still the codec's own. Calls alternate sealed / unsealed through
 * the harness's own launch path (build/harness/src: runTimed with and without
 * the bwrap seal, the wait4 helper timing the codec in both), N of each:
 *   - the `store` wrapper (sh + cat) on a 6 KB file: the per-call floor;
 *   - the `gzip` wrapper (gzip -9) on 4 MiB of generated text, where the
 *     codec's work dominates.
 * Per case: median wall per call as caqbench sees it (spawn to report), median
 * codec CPU (user + sys, inside the seal when sealed), and bwrap's own CPU: an
 * outer wait4 helper around bwrap, minus the inner helper's figure for the same
 * call (the namespace and mount set-up, which is not the codec's and which the
 * harness charges to nobody).
 * Targets (exit 1 when missed): gzip's median codec CPU sealed within ±5% of
 * unsealed (the seal does not change what is measured), and the seal adds at
 * most 100 ms of wall per call.
 *
 *   npm run build && node scripts/bench-seal.mjs [--runs 30]
 */
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const lib = (path) => import(pathToFileURL(join(root, 'build', 'harness', 'src', path)).href);
const { runTimed } = await lib('timing/run-timed.js');
const { resolveCpuClock } = await lib('timing/cpu-clock.js');
const { resolveSandbox } = await lib('sandbox/policy.js');
const { handOver, openWorkRoot, sealLaunch } = await lib('sandbox/seal-launch.js');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);
const clock = resolveCpuClock('wait4');
const policy = await resolveSandbox({}, clock, process.cwd());
if (!policy.sealed) throw new Error(`bwrap cannot seal here: ${policy.reason}`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const words = ['call', 'me', 'ishmael', 'some', 'years', 'ago', 'never', 'mind', 'how', 'long', 'precisely', 'having'];
/** Words picked by a fixed LCG (seed 1), with numbers between: compresses about 3:1, not trivially. */
const text = (bytes) => {
  const out = [];
  let s = 1;
  for (let n = 0; n < bytes; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const w = s % 5 === 0 ? String(s % 100000) : words[s % words.length];
    out.push(w);
    n += w.length + 1;
  }
  return Buffer.from(out.join(' ')).subarray(0, bytes);
};

const work = await mkdtemp(join(tmpdir(), 'caq-bench-seal-'));
await openWorkRoot(work, policy);
const wrappers = join(root, 'harness', 'wrappers');
const cases = [
  { name: 'store (sh + cat), 6 KB', codec: join(wrappers, 'store'), bytes: 6000 },
  { name: 'gzip -9, 4 MiB', codec: join(wrappers, 'gzip'), bytes: 4 << 20 },
];

/** One call; `outer` wraps bwrap in a second wait4 helper to read bwrap's own CPU. */
async function call(c, input, sealed, outer) {
  const dir = await mkdtemp(join(work, 'call-'));
  await handOver(dir, sealed ? policy : null);
  // As the harness does: the input is a read-only copy inside the call's own folder.
  await copyFile(input, join(dir, 'in'));
  await chmod(join(dir, 'in'), 0o444);
  const argv = [c.codec, 'compress', join(dir, 'in'), join(dir, 'out')];
  const seal = sealed ? sealLaunch(policy, clock.helper, [wrappers], dir) : undefined;
  const started = process.hrtime.bigint();
  if (outer) {
    // The outer helper times bwrap and everything under it; the inner one reports the codec alone, on stdout.
    const args = [
      '--report-fd',
      '3',
      '--',
      seal.file,
      ...seal.prefix,
      clock.helper,
      '--report-fd',
      '1',
      '--reap-all',
      '--',
      ...argv,
    ];
    const child = execa(clock.helper, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      reject: false,
      uid: seal.uid,
      gid: seal.gid,
      env: {},
      extendEnv: false,
    });
    let report = '';
    child.stdio[3].on('data', (b) => (report += b));
    const done = await child;
    await rm(dir, { recursive: true, force: true });
    const cpu = (r) => (r.utime_us + r.stime_us) / 1e6;
    return { cpu: cpu(JSON.parse(report)) - cpu(JSON.parse(done.stdout)) };
  }
  const result = await runTimed(argv, { clock, cwd: dir, timeoutMs: 60_000, seal });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  await rm(dir, { recursive: true, force: true });
  if (result.exitCode !== 0) throw new Error(`${c.name} failed: ${result.stderrTail}`);
  return { wall, cpu: result.timing.cpu_s };
}

const rows = [];
try {
  for (const c of cases) {
    const input = join(work, `input-${c.bytes}`);
    await writeFile(input, text(c.bytes));
    const got = { unsealed: [], sealed: [], bwrap: [] };
    await call(c, input, true, false); // warm-up: page cache, bwrap's first start
    for (let i = 0; i < runs; i++) {
      got.unsealed.push(await call(c, input, false, false));
      got.sealed.push(await call(c, input, true, false));
      got.bwrap.push(await call(c, input, true, true));
    }
    const m = (list, key) => median(list.map((x) => x[key]));
    rows.push({
      name: c.name,
      wallUnsealed: m(got.unsealed, 'wall'),
      wallSealed: m(got.sealed, 'wall'),
      cpuUnsealed: m(got.unsealed, 'cpu'),
      cpuSealed: m(got.sealed, 'cpu'),
      bwrapCpu: m(got.bwrap, 'cpu'),
    });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
console.log(`bench-seal: ${runs} calls of each kind, alternating; ${policy.tool}; medians`);
console.log(
  'case | wall unsealed | wall sealed | added wall | codec CPU unsealed | codec CPU sealed | sealed/unsealed CPU | bwrap own CPU',
);
for (const r of rows) {
  console.log(
    `${r.name} | ${ms(r.wallUnsealed)} | ${ms(r.wallSealed)} | ${ms(r.wallSealed - r.wallUnsealed)} | ${ms(r.cpuUnsealed)} | ${ms(r.cpuSealed)} | ${(r.cpuSealed / r.cpuUnsealed).toFixed(3)} | ${ms(r.bwrapCpu)}`,
  );
}
const gzip = rows[1];
const missed = [];
if (Math.abs(gzip.cpuSealed / gzip.cpuUnsealed - 1) > 0.05)
  missed.push(`gzip's CPU sealed/unsealed ${(gzip.cpuSealed / gzip.cpuUnsealed).toFixed(3)} (target within ±5%)`);
for (const r of rows)
  if (r.wallSealed - r.wallUnsealed > 0.1)
    missed.push(`${r.name}: the seal adds ${ms(r.wallSealed - r.wallUnsealed)} of wall (target ≤ 100 ms)`);
if (missed.length > 0) {
  console.error(`bench-seal: missed: ${missed.join('; ')}`);
  process.exit(1);
}
console.log('bench-seal: targets met');
