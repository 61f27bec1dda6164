import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaqError, exitStatusFor } from '../../errors.js';
import { splitCodecCommand } from '../../submit/codec-command.js';
import type { CodecSource } from '../../submit/codec-source.js';
import { intOption, positiveIntOption, positiveNumberOption } from '../../../../mock-engine/src/option-values.js';
import { checkOutputWritable } from '../../fs/output.js';
import { runSubmission } from '../../submit/run-submission.js';
import { failedRows, writeSubmission } from '../../submit/submission-file.js';
import type { SubmissionFileRun } from '../../submit/types.js';
import type { CpuClockChoice } from '../../timing/cpu-clock.js';
import type { Command } from '../command.js';
import { SANDBOX_OPTIONS, SANDBOX_USAGE, sandboxRequest } from '../sandbox-options.js';

const usage = `Usage: caqbench submit --bundle <folder | bundle.tar.gz> --codec-cmd '<command>' --submitter <id> --out <submission.json>
                       [--codec <name>] [--codec-version <v>] [--runs 5] [--warmup 1] [--timeout 60]
                       [--max-output-bytes N] [--subtract-floor] [--unstable-threshold 0.05] [--pause 2]
                       [--cpu-clock auto|wait4|bash-time] [--allow-read PATH]… [--max-memory 4G] [--max-procs 256] [--no-sandbox]
       caqbench submit --bundle … --engine-codec <id> [--param k=v]… [--engine <mock-engine.mjs>] --submitter <id> --out …

Runs a codec over every data file of a (verified) bundle and writes a submission:
the harness calls '<command> info' (JSON with name, version, lossless; optional
deterministic, adaptive), then per run and file '<command> compress IN OUT' and
'<command> decompress IN OUT', each in a fresh temp directory with a timeout and
an output cap, timing each call's CPU (user + sys from the kernel's rusage via
wait4) and wall time. Every round trip is verified. A crash, non-zero exit,
timeout, missing or oversized output, a memory or process limit hit, round-trip
mismatch or (for a codec claiming determinism) changing output becomes a failure
row; the rest goes on. Each call of an external codec (info, compress,
decompress, and the start-up floor) runs sealed in bubblewrap: no network, no
host files but the system's programs and libraries, the codec's own folder and
--allow-read paths (read-only), its fresh working directory the only writable
place. Without a usable bwrap it runs unsealed, with a warning the submission
records.
Ready wrappers: harness/wrappers/{gzip,bzip2,xz,zstd,brotli,store}.

--codec-cmd is split into argv once and never given to a shell: either a JSON
array of strings, or words separated by blanks where '…' is literal, "…" allows
\\" and \\\\, and a backslash escapes the next character. $, \`, *, ;, | are
ordinary characters.

Options:
  --codec, --codec-version   name and version to publish (default: from info)
  --runs N                   counted runs (default 5; validation needs ≥ 3); --warmup N discarded before them (default 1)
  --timeout S                per-call timeout in seconds (default 60)
  --max-output-bytes N       per-call output cap (default 2 × input + 1 MiB)
  --subtract-floor           claim CPU minus the start-up floor (the 'store' wrapper
                             through the same path); by default CAQ uses raw CPU
  --unstable-threshold X     MAD/median of the runs' CPU above which they are
                             re-measured after --pause S seconds, then flagged (0.05, 2)
  --cpu-clock C              wait4 (build/native/rusage-exec, 1 µs), bash-time (1 ms),
                             or auto (wait4 when built); sealing needs wait4

${SANDBOX_USAGE}

Exit status: 0 when every call succeeded; ${exitStatusFor('CODEC_RUNS_FAILED')} when the submission was written but some
rows failed; ${exitStatusFor('CODEC_INFO_INVALID')} when 'info' is missing or invalid; verify's statuses for a bad bundle.
`;

function codecSource(values: {
  'codec-cmd'?: string;
  'engine-codec'?: string;
  param?: string[];
  engine?: string;
}): CodecSource {
  if ((values['codec-cmd'] === undefined) === (values['engine-codec'] === undefined)) {
    throw new CaqError('USAGE', 'give exactly one of --codec-cmd and --engine-codec', { hint: usage.split('\n')[0] });
  }
  if (values['codec-cmd'] !== undefined) return { kind: 'command', argv: splitCodecCommand(values['codec-cmd']) };
  const params: Record<string, string> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CaqError('USAGE', `--param '${p}' is not k=v`, { field: '--param' });
    params[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { kind: 'engine', codec: values['engine-codec']!, params, engine: values.engine };
}

function describeRow(run: string, row: SubmissionFileRun): string {
  if (row.failure !== null)
    return `${run}  ${row.file}: FAILED ${row.failure.reason} (${row.failure.stage}) ${row.failure.detail ?? ''}\n`;
  const cpu = (row.encode?.cpu_s ?? 0) + (row.decode?.cpu_s ?? 0);
  return `${run}  ${row.file}: ${row.roundtrip}, ${row.original_bytes} → ${row.compressed_bytes} bytes, ${cpu.toFixed(4)} s CPU\n`;
}

export const command: Command = {
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        bundle: { type: 'string' },
        'codec-cmd': { type: 'string' },
        'engine-codec': { type: 'string' },
        param: { type: 'string', multiple: true },
        engine: { type: 'string' },
        codec: { type: 'string' },
        'codec-version': { type: 'string' },
        submitter: { type: 'string' },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        timeout: { type: 'string' },
        'max-output-bytes': { type: 'string' },
        'subtract-floor': { type: 'boolean' },
        'unstable-threshold': { type: 'string' },
        pause: { type: 'string' },
        'cpu-clock': { type: 'string' },
        out: { type: 'string' },
        ...SANDBOX_OPTIONS,
      },
      strict: true,
    });
    for (const required of ['bundle', 'submitter', 'out'] as const) {
      if (values[required] === undefined)
        throw new CaqError('USAGE', `--${required} is required`, { hint: usage.split('\n')[0] });
    }
    const clock = values['cpu-clock'] ?? 'auto';
    if (!['auto', 'wait4', 'bash-time'].includes(clock))
      throw new CaqError('USAGE', `--cpu-clock must be auto, wait4 or bash-time`, { field: '--cpu-clock' });
    const pause = positiveNumberOption('pause', values.pause);
    const source = codecSource(values);
    const out = resolve(io.cwd, values.out!);
    // Before minutes of codec calls, not after.
    await checkOutputWritable(out);
    const submission = await runSubmission({
      bundle: values.bundle!,
      codec: source,
      submitter: values.submitter!,
      name: values.codec,
      version: values['codec-version'],
      runs: positiveIntOption('runs', values.runs),
      warmup: intOption('warmup', values.warmup),
      timeoutS: positiveNumberOption('timeout', values.timeout),
      maxOutputBytes: positiveIntOption('max-output-bytes', values['max-output-bytes']),
      subtractFloor: values['subtract-floor'] ?? false,
      unstableThreshold: positiveNumberOption('unstable-threshold', values['unstable-threshold']),
      pauseMs: pause === undefined ? undefined : pause * 1000,
      cpuClock: clock as CpuClockChoice,
      cwd: io.cwd,
      sandbox: sandboxRequest(values, io),
      onWarning: (text) => io.stderr(`caqbench: warning: ${text}\n`),
      onRow: (row, run, phase) => io.stderr(describeRow(phase === 'counted' ? `run ${run}` : `${phase} ${run}`, row)),
    });
    await writeSubmission(out, submission);
    const c = submission.claimed;
    const floor = submission.startup_floor;
    io.stdout(
      `wrote ${out}\n` +
        `${submission.codec.name} ${submission.codec.version} on ${submission.bundle.name} ${submission.bundle.version}: ` +
        `ratio ${c.ratio.toFixed(4)}, CPU ${c.cpu_s.toFixed(4)} s${submission.protocol.cpu_floor_subtracted ? ' (floor subtracted)' : ' (raw)'}, ` +
        `CAQ ${c.caq.toFixed(4)}, CAQ variance ${(c.caq_variance * 100).toFixed(2)}%\n` +
        (c.normalised === undefined
          ? ''
          : `normalised to the reference workload (${(c.normalised.reference_s * 1000).toFixed(3)} ms): caq_norm ${c.normalised.caq.toFixed(4)}, ` +
            `caq_norm variance ${(c.normalised.caq_variance * 100).toFixed(2)}% (the gated figure)\n`) +
        `start-up floor per call: encode ${floor.encode_cpu_s.median.toFixed(4)} s, decode ${floor.decode_cpu_s.median.toFixed(4)} s; ` +
        `clock: ${submission.protocol.cpu_clock}${submission.stability?.unstable === true ? '; UNSTABLE timing (see stability)' : ''}\n`,
    );
    const failed = failedRows(submission);
    if (failed === 0) return 0;
    io.stderr(
      `caqbench: ${failed} row${failed === 1 ? '' : 's'} failed; the submission records each with its reason\n`,
    );
    return exitStatusFor('CODEC_RUNS_FAILED');
  },
};
