import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrateClock } from '../../harness/src/timing/calibrate.js';
import { resolveCpuClock } from '../../harness/src/timing/cpu-clock.js';
import { LogTail } from '../../harness/src/timing/log-tail.js';
import { runTimed } from '../../harness/src/timing/run-timed.js';
import type { CpuClock } from '../../harness/src/timing/types.js';
import { ensureRusageHelper } from './helpers.js';

let cwd: string;
let clocks: CpuClock[];
beforeAll(async () => {
  await ensureRusageHelper();
  cwd = await mkdtemp(join(tmpdir(), 'caqbench-run-timed-'));
  clocks = [resolveCpuClock('wait4'), resolveCpuClock('bash-time')];
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe.each([0, 1])('runTimed with clock %i (0 = wait4, 1 = bash-time)', (index) => {
  const opts = (timeoutMs = 10_000) => ({ clock: clocks[index]!, cwd, timeoutMs });

  it('reports the exit status and the tails of stdout and stderr', async () => {
    const call = await runTimed(['sh', '-c', 'echo out; echo err >&2; exit 3'], opts());
    expect([call.exitCode, call.signal, call.timedOut]).toEqual([3, null, false]);
    expect(call.stdoutTail).toBe('out\n');
    expect(call.stderrTail).toBe('err\n');
  });

  it('names the signal that killed the child', async () => {
    const call = await runTimed(['sh', '-c', 'kill -SEGV $$'], opts());
    expect([call.exitCode, call.signal, call.timedOut]).toEqual([null, 'SIGSEGV', false]);
  });

  it("kills the child's whole process group at the timeout", async () => {
    const marker = join(cwd, `survived-${index}`);
    const started = Date.now();
    const call = await runTimed(['sh', '-c', '(sleep 0.6; touch "$0") & sleep 30', marker], opts(300));
    expect(call.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 900));
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('stops a runaway writer at the file size limit', async () => {
    const call = await runTimed(['sh', '-c', 'exec head -c 100000 /dev/zero > big'], {
      ...opts(),
      limits: { fileSizeLimit: 4096 },
    });
    expect(call.signal).toBe('SIGXFSZ');
    expect((await readFile(join(cwd, 'big'))).length).toBeLessThanOrEqual(4096);
  });

  it('never hands argv to a shell', async () => {
    const call = await runTimed(['printf', '%s|', '$(touch pwned)', '; rm -rf x', '`id`'], opts());
    expect(call.stdoutTail).toBe('$(touch pwned)|; rm -rf x|`id`|');
    await expect(readFile(join(cwd, 'pwned'))).rejects.toThrow();
  });
});

describe('runTimed details', () => {
  it('reports a command that cannot start: errno with wait4, status 127 with bash time', async () => {
    const fine = await runTimed(['/nonexistent/codec'], { clock: clocks[0]!, cwd, timeoutMs: 5000 });
    expect([fine.exitCode, fine.execError]).toEqual([127, 'ENOENT']);
    const coarse = await runTimed(['/nonexistent/codec'], { clock: clocks[1]!, cwd, timeoutMs: 5000 });
    expect([coarse.exitCode, coarse.stderrTail]).toEqual([127, 'caqbench-time: /nonexistent/codec: not found\n']);
  });

  it('keeps only the tail of a long log and says how much was dropped', () => {
    const tail = new LogTail(10);
    for (let i = 0; i < 100; i++) tail.push(Buffer.from(`line ${i}\n`));
    expect(tail.total).toBe(790);
    expect(tail.text()).toBe('[… 780 earlier bytes dropped]\n8\nline 99\n');
  });

  // How fine the wait4 clock resolves and how small its floor is are measured by scripts/bench-gates.mjs;
  // here what the clocks' formats make certain: bash time cannot resolve below its printed millisecond.
  it('measures the resolution and overhead of each clock', async () => {
    const [fine, coarse] = [await calibrateClock(clocks[0]!, 12), await calibrateClock(clocks[1]!, 12)];
    expect(fine.observed_resolution_s).toBeGreaterThan(0);
    expect(coarse.observed_resolution_s).toBeGreaterThanOrEqual(1e-3);
    expect(
      Math.abs(coarse.observed_resolution_s * 1000 - Math.round(coarse.observed_resolution_s * 1000)),
    ).toBeLessThan(1e-6);
    expect(fine.floor_cpu_s.median).toBeGreaterThan(0);
    expect(coarse.floor_cpu_s.max).toBeGreaterThan(0);
  });
});
