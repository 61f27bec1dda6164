import { chmod, copyFile, lstat, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { callOptions } from '../sandbox/call-options.js';
import { limitHit } from '../sandbox/limit-failure.js';
import type { CallLimits, SandboxPolicy } from '../sandbox/types.js';
import { runTimed } from '../timing/run-timed.js';
import type { CpuClock, TimedCall } from '../timing/types.js';
import type { PreparedCodec, Stage } from './codec-source.js';
import type { CallFailure, FailureReason } from './types.js';

export interface CallContext {
  clock: CpuClock;
  timeoutMs: number;
  workRoot: string;
  sandbox: SandboxPolicy;
}

export interface CallResult {
  call: TimedCall;
  /** Set when the call failed; the output is then not used. */
  failure: CallFailure | null;
  /** The output file (still inside the call's working directory) and its size, when the call succeeded. */
  output: { path: string; bytes: number } | null;
  /** Removes the call's working directory. */
  dispose(): Promise<void>;
}

const LOG_TAIL_BYTES = 4096;

/**
 * One codec call in a fresh working directory: the input is a read-only copy
 * named `inputName` (so a codec can neither damage the bundle nor see other
 * files), the output may not grow past `maxOutputBytes` (RLIMIT_FSIZE stops it
 * one byte later), the call is killed at the timeout, and an external codec
 * runs under the session's seal and limits.
 */
export async function runCodecCall(
  codec: PreparedCodec,
  stage: Stage,
  source: string,
  names: { input: string; output: string },
  maxOutputBytes: number,
  ctx: CallContext,
): Promise<CallResult> {
  const work = await mkdtemp(join(ctx.workRoot, `${stage}-`));
  const dispose = () => rm(work, { recursive: true, force: true });
  const input = join(work, names.input);
  const output = join(work, names.output);
  await copyFile(source, input);
  await chmod(input, 0o444);
  const sandboxed = await callOptions(ctx.sandbox, ctx.clock, codec.sealPaths, work);
  const call = await runTimed(codec.argv(stage, input, output), {
    clock: ctx.clock,
    cwd: work,
    timeoutMs: ctx.timeoutMs,
    seal: sandboxed.seal,
    limits: { ...sandboxed.limits, fileSizeLimit: maxOutputBytes + 1 },
  });
  const out = await lstat(output).catch(() => null);
  const problem = classify(
    call,
    out,
    maxOutputBytes,
    ctx.timeoutMs,
    codec.sealPaths === null ? null : ctx.sandbox.limits,
  );
  if (problem !== null) {
    return { call, failure: failureOf(stage, call, problem.reason, problem.detail), output: null, dispose };
  }
  return { call, failure: null, output: { path: output, bytes: out!.size }, dispose };
}

function classify(
  call: TimedCall,
  out: Stats | null,
  cap: number,
  timeoutMs: number,
  limits: CallLimits | null,
): { reason: FailureReason; detail: string } | null {
  if (call.timedOut) return { reason: 'timeout', detail: `killed after the ${timeoutMs / 1000} s timeout` };
  // Checked before the exit status: a capped write ends in SIGXFSZ (or a shell's 153), which is the cap, not a crash.
  if (out?.isFile() && out.size > cap) {
    return { reason: 'oversized-output', detail: `output reached ${out.size} bytes, over the ${cap}-byte cap` };
  }
  if (call.signal === 'SIGXFSZ')
    return { reason: 'oversized-output', detail: `a file written by the codec passed the ${cap}-byte cap` };
  const hit = limits === null ? null : limitHit(call, limits);
  if (hit !== null) return hit;
  if (call.signal !== null) return { reason: 'crash', detail: `killed by ${call.signal}` };
  if (call.execError !== null) return { reason: 'nonzero-exit', detail: `could not be started: ${call.execError}` };
  if (call.exitCode !== 0) return { reason: 'nonzero-exit', detail: `exited with status ${String(call.exitCode)}` };
  if (out === null) return { reason: 'missing-output', detail: 'exited 0 without writing OUT' };
  if (!out.isFile()) return { reason: 'missing-output', detail: 'OUT is not a regular file (symlink, directory…)' };
  return null;
}

export function failureOf(
  stage: CallFailure['stage'],
  call: TimedCall | null,
  reason: FailureReason,
  detail: string,
): CallFailure {
  return {
    reason,
    stage,
    exit_code: call?.exitCode ?? null,
    signal: call?.signal ?? null,
    log_tail: call === null ? '' : logTail(call),
    detail,
  };
}

function logTail(call: TimedCall): string {
  const parts = [];
  if (call.stderrBytes > 0)
    parts.push(`--- stderr (${call.stderrBytes} bytes) ---\n${call.stderrTail.slice(-LOG_TAIL_BYTES)}`);
  if (call.stdoutBytes > 0)
    parts.push(`--- stdout (${call.stdoutBytes} bytes) ---\n${call.stdoutTail.slice(-LOG_TAIL_BYTES / 4)}`);
  return parts.join('\n');
}
