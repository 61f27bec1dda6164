import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Summary } from '../../../mock-engine/src/results.js';
import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import { runTimed } from './run-timed.js';
import type { CpuClock } from './types.js';

export interface ClockCalibration {
  clock: string;
  /** Smallest step seen between CPU figures: the GCD of their differences, in seconds. */
  observed_resolution_s: number;
  /** CPU the kernel charges a do-nothing program (`true`) started through this clock: fork, exec, exit. */
  floor_cpu_s: Summary;
  /** Wall time the harness spends per call beyond the child's own wall time (spawning the helper, reading its report). */
  harness_wall_overhead_s: Summary;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Times `true` `samples` times through the clock and reports its resolution and overhead. */
export async function calibrateClock(clock: CpuClock, samples = 20): Promise<ClockCalibration> {
  const cwd = await mkdtemp(join(tmpdir(), 'caqbench-calibrate-'));
  try {
    const cpu: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = process.hrtime.bigint();
      const call = await runTimed(['true'], { clock, cwd, timeoutMs: 10_000 });
      overhead.push(Math.max(0, Number(process.hrtime.bigint() - started) / 1e9 - call.timing.wall_s));
      cpu.push(call.timing.cpu_s);
    }
    const micros = cpu.map((s) => Math.round(s * 1e6));
    const step = micros.reduce((g, us) => gcd(g, Math.abs(us - micros[0]!)), 0);
    return {
      clock: clock.label,
      observed_resolution_s: step === 0 ? clock.resolution_s : step / 1e6,
      floor_cpu_s: summarize(cpu),
      harness_wall_overhead_s: summarize(overhead),
    };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
