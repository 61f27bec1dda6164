import { summarize } from '../../../mock-engine/src/metrics/summary.js';
import { CaqError } from '../errors.js';
import type { PreparedCodec } from './codec-source.js';
import { runFile, type FileJob, type RunFileContext } from './run-file.js';
import type { Submission } from './types.js';

/**
 * The per-call start-up floor: the do-nothing `store` codec (the sh wrapper for
 * commands, the engine's own `store` for engine codecs) through exactly the
 * same path, in the same session, on the bundle's smallest data file.
 * Warm-up calls are discarded like the codec's.
 */
export async function measureStartupFloor(
  store: PreparedCodec,
  job: FileJob,
  ctx: RunFileContext,
  protocol: { warmup: number; runs: number },
): Promise<Submission['startup_floor']> {
  const encode: number[] = [];
  const decode: number[] = [];
  for (let i = 0; i < protocol.warmup + protocol.runs; i++) {
    const row = await runFile(store, job, ctx);
    if (row.failure !== null) {
      throw new CaqError(
        'INTERNAL',
        `the start-up floor codec (${store.command.join(' ')}) failed: ${row.failure.reason}`,
        {
          file: job.path,
          hint: `${row.failure.detail ?? ''}\n${row.failure.log_tail}`.trim(),
        },
      );
    }
    if (i < protocol.warmup) continue;
    encode.push(row.encode!.cpu_s);
    decode.push(row.decode!.cpu_s);
  }
  return { encode_cpu_s: summarize(encode), decode_cpu_s: summarize(decode), command: store.command, file: job.path };
}
