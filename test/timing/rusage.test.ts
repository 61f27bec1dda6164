import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCpuClock } from '../../harness/src/timing/cpu-clock.js';
import { runTimed } from '../../harness/src/timing/run-timed.js';
import type { CpuClock } from '../../harness/src/timing/types.js';
import { buildBusyLoop, ensureRusageHelper } from './helpers.js';

let busy: string;
let clocks: CpuClock[];
beforeAll(async () => {
  await ensureRusageHelper();
  busy = await buildBusyLoop();
  clocks = [resolveCpuClock('wait4'), resolveCpuClock('bash-time')];
});
afterAll(async () => {
  await rm(dirname(busy), { recursive: true, force: true });
});

const opts = (clock: CpuClock) => ({ clock, cwd: dirname(busy), timeoutMs: 20_000 });

/**
 * Each clock's CPU figure for a child that burns 200 ms and prints its own
 * getrusage(RUSAGE_SELF) reading. The kernel's figure may exceed the child's own
 * last reading only by the process teardown after it (~1 ms here) plus the
 * clock's resolution; bash's `time` also charges the forked bash before exec.
 */
describe('child CPU time from the kernel', () => {
  it.each([
    ['wait4', 0, 3e-3],
    ['bash-time', 1, 8e-3],
  ] as const)('%s agrees with a C busy loop of 200 ms', async (_name, index, allowance) => {
    const clock = clocks[index]!;
    for (let i = 0; i < 2; i++) {
      const call = await runTimed([busy, '200000'], opts(clock));
      const own = Number(call.stdoutTail.trim()) / 1e6;
      expect(own).toBeGreaterThanOrEqual(0.2);
      expect(call.timing.cpu_s).toBeGreaterThanOrEqual(own - clock.resolution_s);
      expect(call.timing.cpu_s - own).toBeLessThanOrEqual(allowance);
      expect(call.timing.cpu_s).toBeCloseTo(call.timing.user_s + call.timing.sys_s, 6);
    }
  });

  it("agrees with a node busy loop's own process.cpuUsage() up to node's exit cost", async () => {
    const script =
      'let x = 0; for (;;) { const u = process.cpuUsage(); if (u.user + u.system >= 200000) { process.stdout.write(String(u.user + u.system)); break; } for (let i = 0; i < 1e5; i++) x += i; }';
    const call = await runTimed([process.execPath, '-e', script], opts(clocks[0]!));
    const own = Number(call.stdoutTail) / 1e6;
    expect(call.timing.cpu_s).toBeGreaterThanOrEqual(own);
    // node's teardown after the reading (V8, libuv, exit handlers) measured 17–28 ms here.
    expect(call.timing.cpu_s - own).toBeLessThan(0.08);
  });

  it('reports microseconds with wait4 and milliseconds with bash time', async () => {
    const micros = async (clock: CpuClock) => {
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push(Math.round((await runTimed([busy, '0'], opts(clock))).timing.cpu_s * 1e6));
      return out;
    };
    const fine = await micros(clocks[0]!);
    expect(fine.some((us) => us % 1000 !== 0)).toBe(true);
    const coarse = await micros(clocks[1]!);
    expect(coarse.every((us) => us % 1000 === 0)).toBe(true);
  });

  it('charges CPU, not waiting: a sleeping child shows wall time but almost no CPU', async () => {
    for (const clock of clocks) {
      const call = await runTimed(['sleep', '0.3'], opts(clock));
      expect(call.timing.wall_s).toBeGreaterThanOrEqual(0.29);
      expect(call.timing.cpu_s).toBeLessThan(0.05);
    }
  });

  it('charges a wrapper script for the children it waits for', async () => {
    for (const clock of clocks) {
      const call = await runTimed(['sh', '-c', '"$0" 100000 >/dev/null; true', busy], opts(clock));
      expect(call.timing.cpu_s).toBeGreaterThanOrEqual(0.1);
    }
  });

  it('records peak RSS with wait4', async () => {
    const call = await runTimed(
      [process.execPath, '-e', 'globalThis.keep = Buffer.alloc(64 << 20, 1)'],
      opts(clocks[0]!),
    );
    expect(call.timing.peak_rss_kb).toBeGreaterThan(64 * 1024);
  });
});
