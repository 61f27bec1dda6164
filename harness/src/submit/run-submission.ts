import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environment } from '../../../mock-engine/src/run/environment.js';
import { CaqError } from '../errors.js';
import { openWorkRoot } from '../sandbox/seal-launch.js';
import { resolveSandbox, sandboxRecord } from '../sandbox/policy.js';
import type { SandboxRequest } from '../sandbox/types.js';
import { resolveCpuClock, type CpuClockChoice } from '../timing/cpu-clock.js';
import { packageRoot } from '../fs/package-root.js';
import { measureWithProtocol, TIMING_DEFAULTS, type Phase } from '../timing/protocol.js';
import { ReferenceClock, referenceTiming } from '../timing/reference-workload.js';
import { claimedFigures, pairedReferences, runAggregate } from './aggregate.js';
import { prepareCodec, type CodecContext, type CodecSource } from './codec-source.js';
import { boundClaims } from './distortion-bound.js';
import { loadBundleForRun } from './load-bundle.js';
import { reproduceLine } from './reproduce-line.js';
import { DeterminismCheck, runPass } from './run-pass.js';
import type { FileJob, RunFileContext } from './run-file.js';
import { measureStartupFloor } from './startup-floor.js';
import type { Submission, SubmissionFileRun } from './types.js';

export { loadBundleForRun, type BundleForRun } from './load-bundle.js';

export interface SubmitOptions {
  /** Bundle folder or .tar.gz. */
  bundle: string;
  codec: CodecSource;
  submitter: string;
  /** Name and version to publish under; default: what the codec's `info` says. */
  name?: string;
  version?: string;
  /** Counted runs (default 5), warm-up runs discarded before them (default 1): the timing protocol's defaults. */
  runs?: number;
  warmup?: number;
  /** Per-call timeout in seconds (default 60). */
  timeoutS?: number;
  /** Fixed per-call output cap in bytes (default: 2 × the input + 1 MiB). */
  maxOutputBytes?: number;
  /** Claim floor-subtracted CPU (default false: raw CPU, the floor reported beside). */
  subtractFloor?: boolean;
  /** MAD/median of the runs' CPU above which they are re-measured, then flagged (default 0.05). */
  unstableThreshold?: number;
  /** Pause before a re-measure, ms (default 2000). */
  pauseMs?: number;
  cpuClock?: CpuClockChoice;
  /** Time the reference workload beside every counted call, for the normalised figures the gates judge (default true). */
  referenceWorkload?: boolean;
  /** Working directory for relative paths in the codec command and `--engine` (default process.cwd()). */
  cwd?: string;
  /** Creation time to record (default now). */
  now?: Date;
  /** Only these data files (bundle-relative paths), in manifest order; default every data file the codec takes. */
  files?: readonly string[];
  /** Sealing and limits of the external codec's calls (default: sealed when bwrap works here). */
  sandbox?: SandboxRequest;
  /** Called once, before the first call, when an external codec is about to run unsealed. */
  onWarning?: (text: string) => void;
  /** Called with each row as it is measured, warm-up included (progress display). */
  onRow?: (row: SubmissionFileRun, run: number, phase: Phase) => void;
}

/**
 * Runs a codec over a bundle's data files under the timing protocol and returns
 * the submission. Codec misbehaviour becomes failure rows, never an exception;
 * exceptions are for a bad bundle, bad options, or an unusable `info`.
 */
export async function runSubmission(opts: SubmitOptions): Promise<Submission> {
  // The command checked these options (harness/src/cli/commands/submit.ts); the library takes them as given.
  const runs = opts.runs ?? TIMING_DEFAULTS.runs;
  const warmup = opts.warmup ?? TIMING_DEFAULTS.warmup;
  const timeoutS = opts.timeoutS ?? 60;
  const maxOutputBytes = opts.maxOutputBytes ?? null;
  const protocol = {
    warmup,
    runs,
    unstableThreshold: opts.unstableThreshold ?? TIMING_DEFAULTS.unstableThreshold,
    pauseMs: opts.pauseMs ?? TIMING_DEFAULTS.pauseMs,
  };
  const clock = resolveCpuClock(opts.cpuClock);
  const cwd = opts.cwd ?? process.cwd();
  const policy = await resolveSandbox(opts.sandbox ?? {}, clock, cwd);
  const sandbox = sandboxRecord(policy, opts.codec.kind === 'command');
  if (opts.codec.kind === 'command' && sandbox.warning !== undefined) opts.onWarning?.(sandbox.warning);
  const bundle = await loadBundleForRun(opts.bundle);
  const workRoot = await mkdtemp(join(tmpdir(), 'caqbench-submit-'));
  let referenceClock: ReferenceClock | null = null;
  try {
    await openWorkRoot(workRoot, policy);
    const timeoutMs = Math.round(timeoutS * 1000);
    const base: CodecContext = {
      clock,
      timeoutMs,
      cwd,
      bundleDir: bundle.dir,
      bundleEngine: bundle.manifest.engine === undefined ? undefined : join(bundle.dir, bundle.manifest.engine.path),
      workRoot,
      sandbox: policy,
    };
    const codec = await prepareCodec(opts.codec, base);
    const storeSource: CodecSource =
      opts.codec.kind === 'engine'
        ? { kind: 'engine', codec: 'store', engine: opts.codec.engine }
        : { kind: 'command', argv: [join(packageRoot(), 'harness', 'wrappers', 'store')] };
    const store = await prepareCodec(storeSource, base);
    const wanted = opts.files === undefined ? null : new Set(opts.files);
    if (wanted !== null) {
      const unknown = [...wanted].filter(
        (path) => !bundle.manifest.files.some((f) => f.role === 'data' && f.path === path),
      );
      if (unknown.length > 0)
        throw new CaqError('USAGE', `not a data file of bundle ${bundle.manifest.name}: ${unknown.join(', ')}`, {
          file: opts.bundle,
          field: 'files',
        });
    }
    const jobs: FileJob[] = bundle.manifest.files
      .filter(
        (f) =>
          f.role === 'data' &&
          (codec.info.input === 'bytes' || f.format === 'npy') &&
          (wanted === null || wanted.has(f.path)),
      )
      .map((f) => ({ ...f, absPath: join(bundle.dir, f.path) }));
    if (jobs.length === 0) {
      throw new CaqError('USAGE', `bundle ${bundle.manifest.name} has no data files for a ${codec.info.input} codec`, {
        file: opts.bundle,
      });
    }
    const bounds = codec.info.lossless ? [] : boundClaims(codec.info.errorBound, bundle.manifest.distortion_bound);
    referenceClock = opts.referenceWorkload === false ? null : await ReferenceClock.start();
    const ctx: RunFileContext = {
      clock,
      timeoutMs,
      workRoot,
      sandbox: policy,
      maxOutputBytes,
      bounds,
      reference: referenceClock,
    };
    const smallest = jobs.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    const floor = await measureStartupFloor(store, smallest, { ...ctx, reference: null }, protocol);
    const floorMedians = { encode: floor.encode_cpu_s.median, decode: floor.decode_cpu_s.median };
    const determinism = codec.info.deterministic ? new DeterminismCheck() : null;
    const measured = await measureWithProtocol(
      protocol,
      'run_cpu_s',
      async (index, phase) => {
        const files = await runPass(codec, jobs, ctx, determinism, (row) => opts.onRow?.(row, index + 1, phase));
        return { files, aggregate: runAggregate(files, floorMedians) };
      },
      (run) => run.aggregate.cpu_s,
    );
    const submissionRuns = measured.counted.map((run, i) => ({ run: i + 1, ...run }));
    const reference = referenceTiming(pairedReferences(submissionRuns));
    const subtractFloor = opts.subtractFloor ?? false;
    const name = opts.name ?? codec.info.name;
    const version = opts.version ?? codec.info.version;
    return {
      schema: 'caqbench/submission@1',
      submitter: opts.submitter,
      created: (opts.now ?? new Date()).toISOString(),
      codec: {
        name,
        version,
        lossless: codec.info.lossless,
        adaptive: codec.info.adaptive,
        deterministic: codec.info.deterministic,
        command: codec.command,
        info: codec.info.raw,
        ...(codec.engineCodec === undefined ? {} : { engine_codec: codec.engineCodec }),
      },
      bundle: { name: bundle.manifest.name, version: bundle.manifest.version, manifest_sha256: bundle.manifestSha256 },
      environment: environment(),
      protocol: {
        runs,
        warmup,
        timeout_s: timeoutS,
        cpu_clock: clock.label,
        cpu_floor_subtracted: subtractFloor,
        cpu_clock_resolution_s: clock.resolution_s,
        max_output_bytes: maxOutputBytes,
      },
      sandbox,
      startup_floor: floor,
      stability: measured.stability,
      ...(reference === null ? {} : { reference }),
      runs: submissionRuns,
      claimed: claimedFigures(submissionRuns, floorMedians, subtractFloor),
      reproduce: reproduceLine({
        bundle: opts.bundle,
        codec: opts.codec,
        name,
        version,
        submitter: opts.submitter,
        runs,
        warmup,
        timeoutS,
        maxOutputBytes,
        subtractFloor,
        sandbox,
        noSandbox: opts.sandbox?.disabled === true,
      }),
    };
  } finally {
    await referenceClock?.close();
    await rm(workRoot, { recursive: true, force: true });
    await bundle.cleanup();
  }
}
