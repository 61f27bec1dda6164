import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { CaqError } from '../errors.js';
import { callOptions } from '../sandbox/call-options.js';
import type { SandboxPolicy } from '../sandbox/types.js';
import { checkVisible, codecFolders, resolveProgram } from '../sandbox/visible-paths.js';
import { runTimed } from '../timing/run-timed.js';
import type { CpuClock } from '../timing/types.js';
import { packageRoot } from '../fs/package-root.js';
import { engineCodecInfo, externalCodecInfo, type CodecInfo } from './codec-info.js';

/** Where the codec comes from: any command speaking the protocol, or one of the engine's built-in codecs. */
export type CodecSource =
  | { kind: 'command'; argv: string[] }
  | { kind: 'engine'; codec: string; params?: Record<string, string>; engine?: string };

export type Stage = 'compress' | 'decompress';

export interface PreparedCodec {
  /** argv prefix recorded in the submission: as given for a command; `node <engine>` for an engine codec. */
  command: string[];
  info: CodecInfo;
  engineCodec?: { id: string; params: Record<string, string> };
  /** The host folders an external codec's sealed calls see read-only; null for the engine's own codecs (never sealed). */
  sealPaths: string[] | null;
  /** The full argv of one call: the input and output paths are separate arguments, never spliced into a string. */
  argv(stage: Stage, input: string, output: string): string[];
}

export interface CodecContext {
  clock: CpuClock;
  timeoutMs: number;
  /** Where relative command paths and `--engine` are resolved (the user's working directory). */
  cwd: string;
  bundleDir: string;
  /** The engine the bundle ships, when it has one. */
  bundleEngine?: string;
  workRoot: string;
  /** How external codecs run this session (sandbox/policy.ts). */
  sandbox: SandboxPolicy;
}

const INFO_OUTPUT_LIMIT = 1 << 20;

export async function prepareCodec(source: CodecSource, ctx: CodecContext): Promise<PreparedCodec> {
  if (source.kind === 'command') {
    // A path with a slash is resolved now: every call runs in its own fresh working directory.
    const [program, ...rest] = source.argv;
    // Sealed, a bare name is looked up on the host's PATH now: the seal execs that very file, and shows its folder.
    const exe = ctx.sandbox.sealed
      ? resolveProgram(program!, ctx.cwd)
      : program!.includes('/') && !isAbsolute(program!)
        ? resolve(ctx.cwd, program!)
        : program!;
    const sealPaths = sealedPaths(exe, ctx.sandbox);
    const info = externalCodecInfo(await callInfo([exe, ...rest, 'info'], ctx, sealPaths));
    return {
      command: source.argv,
      info,
      sealPaths,
      argv: (stage, input, output) => [exe, ...rest, stage, input, output],
    };
  }
  const engine = enginePath(source.engine, ctx);
  const prefix = [process.execPath, engine];
  // Recorded portably: the bundle's own engine relative to the bundle folder (an unpacked tarball's temp path means nothing later).
  const recorded = ['node', source.engine ?? (engine === ctx.bundleEngine ? relative(ctx.bundleDir, engine) : engine)];
  const params = source.params ?? {};
  const info = engineCodecInfo(await callInfo([...prefix, 'info'], ctx, null), source.codec, params);
  const paramArgs = Object.keys(params)
    .sort()
    .flatMap((key) => {
      // Path parameters name bundle files; calls run elsewhere, so they are made absolute here.
      const value =
        info.pathParams.includes(key) && !isAbsolute(params[key]!) ? join(ctx.bundleDir, params[key]!) : params[key]!;
      return ['--param', `${key}=${value}`];
    });
  return {
    command: recorded,
    info,
    engineCodec: { id: source.codec, params },
    sealPaths: null,
    argv: (stage, input, output) =>
      stage === 'compress'
        ? [...prefix, 'compress', '--codec', source.codec, ...paramArgs, input, output]
        : [...prefix, 'decompress', input, output],
  };
}

/** `--engine` if given, else the bundle's own engine, else the one `npm run build` wrote. */
function enginePath(given: string | undefined, ctx: CodecContext): string {
  const candidate =
    given !== undefined
      ? resolve(ctx.cwd, given)
      : (ctx.bundleEngine ?? join(packageRoot(), 'build', 'engine', 'mock-engine.mjs'));
  if (!existsSync(candidate)) {
    throw new CaqError('ENGINE_MISSING', `the engine ${candidate} does not exist`, {
      file: candidate,
      hint: 'run `npm run build`, or pass --engine <mock-engine.mjs>',
    });
  }
  return candidate;
}

/** The codec's folders, each checked: nothing the seal must hide, and readable by the seal's user. */
function sealedPaths(exe: string, policy: SandboxPolicy): string[] {
  if (!policy.sealed) return [];
  const guard = { hidden: policy.hidden, workRoot: tmpdir(), user: policy.hostUser };
  const folders = codecFolders(exe);
  for (const folder of folders) checkVisible(folder, "the codec's folder", guard);
  if (isAbsolute(exe) && existsSync(exe)) checkVisible(exe, 'the codec', guard);
  return folders;
}

async function callInfo(argv: string[], ctx: CodecContext, sealPaths: string[] | null): Promise<unknown> {
  const cwd = await mkdtemp(join(ctx.workRoot, 'info-'));
  try {
    const sandboxed = await callOptions(ctx.sandbox, ctx.clock, sealPaths, cwd);
    const call = await runTimed(argv, {
      clock: ctx.clock,
      cwd,
      timeoutMs: ctx.timeoutMs,
      logBytes: INFO_OUTPUT_LIMIT,
      ...sandboxed,
    });
    const how = call.timedOut
      ? `timed out after ${ctx.timeoutMs} ms`
      : call.execError !== null
        ? `could not be started (${call.execError})`
        : call.signal !== null
          ? `was killed by ${call.signal}`
          : call.exitCode !== 0
            ? `exited with status ${String(call.exitCode)}`
            : call.stdoutBytes > INFO_OUTPUT_LIMIT
              ? `printed more than ${INFO_OUTPUT_LIMIT} bytes`
              : null;
    if (how !== null) {
      const sealed =
        sandboxed.seal === undefined
          ? ''
          : `\n(sealed: the codec sees the system's /usr, its own folder${sealPaths!.length > 0 ? ` ${sealPaths!.join(', ')}` : ''} and --allow-read paths only; a script run by an interpreter needs --allow-read <its folder>)`;
      throw new CaqError('CODEC_INFO_INVALID', `\`${argv.join(' ')}\` ${how}`, {
        hint: `${call.stderrTail.slice(-2000)}${sealed}`.trim() || undefined,
      });
    }
    try {
      return JSON.parse(call.stdoutTail) as unknown;
    } catch {
      throw new CaqError('CODEC_INFO_INVALID', `\`${argv.join(' ')}\` did not print JSON`, {
        hint: `it printed: ${call.stdoutTail.slice(0, 500)}`,
      });
    }
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
