/**
 * Shared pieces of the benchmark scripts (scripts/bench-*.mjs): child
 * processes measured under GNU time, generated data, and the printed table.
 * Benchmarks print ratios against a reference measured in the same run, so
 * that a figure means the same on a fast and a slow machine.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

/** The repository's root, for the benchmarks' fixtures. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A module of the compiled engine sources (build/mock-engine/src), so a benchmark times exactly what was built. */
export const engineModule = (path) => import(pathToFileURL(join(ROOT, 'build/mock-engine/src', path)).href);

export const MIB = 1 << 20;

export async function requireTools(tools) {
  for (const tool of tools) {
    const found = await execa('bash', ['-c', `command -v "${tool}"`], { reject: false });
    if (found.exitCode !== 0)
      throw new Error(`${tool} is needed (apt-get install -y ${tool === '/usr/bin/time' ? 'time' : tool})`);
  }
}

/**
 * Runs a command under GNU time (Debian package `time`) and returns its wall
 * time (measured here, in ns resolution), its user + sys CPU and peak RSS of
 * the largest process (from GNU time: wait4's rusage, 10 ms ticks) and its stdout.
 */
export async function measured(file, args, opts = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'caq-bench-time-'));
  try {
    const report = join(dir, 'time');
    const started = process.hrtime.bigint();
    const result = await execa('/usr/bin/time', ['-f', '%U %S %M', '-o', report, file, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      reject: false,
      maxBuffer: 256 * MIB,
      stdin: 'ignore',
    });
    const wall_s = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.exitCode !== 0)
      throw new Error(
        `${file} ${args.join(' ').slice(0, 200)} failed (${result.exitCode}): ${result.stderr.slice(-2000)}`,
      );
    const [user, sys, rss] = (await readFile(report, 'utf8')).trim().split('\n').pop().split(' ').map(Number);
    return { wall_s, user_s: user, sys_s: sys, cpu_s: user + sys, max_rss_kb: rss, stdout: result.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A vocabulary of pronounceable pseudo-words, the same for every seed. */
function vocabulary() {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'an', 'el', 'or', 'us', 'th', 'qu', 'br', 'ch'];
  let r = 0x9e3779b9;
  const words = [];
  for (let i = 0; i < 4096; i++) {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    const n = 1 + (r % 4);
    let w = '';
    for (let j = 0; j < n; j++) w += syllables[(r >>> (4 + 4 * j)) & 15];
    words.push(Buffer.from(w));
  }
  return words;
}
const WORDS = vocabulary();

/**
 * Writes `bytes` bytes of text-like data: words drawn from the vocabulary with
 * a skewed (product of two uniforms) choice by xorshift32 from `seed`, spaces
 * and line breaks. Compresses like prose (gzip -6: about 3:1), costs ~1 s per 100 MiB.
 */
export async function generateText(path, bytes, seed) {
  const handle = await open(path, 'wx');
  try {
    const chunk = Buffer.allocUnsafe(MIB);
    let r = seed >>> 0 || 1;
    let written = 0;
    while (written < bytes) {
      let pos = 0;
      const limit = Math.min(MIB, bytes - written);
      while (pos < limit) {
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        r >>>= 0;
        const word = WORDS[((r & 0xfff) * ((r >>> 12) & 0xfff)) >>> 12];
        const take = Math.min(word.length, limit - pos);
        word.copy(chunk, pos, 0, take);
        pos += take;
        if (pos < limit) chunk[pos++] = r >>> 24 < 20 ? 0x0a : 0x20;
      }
      await handle.write(chunk, 0, pos);
      written += pos;
    }
  } finally {
    await handle.close();
  }
}

export function ratio(a, b) {
  return b > 0 ? (a / b).toFixed(2) : 'n/a';
}

/** Coefficient of variation: sample standard deviation / mean. */
export function coefficientOfVariation(values) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

export function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
