import { basename } from 'node:path';
import { sha256File } from '../bundle/hash.js';
import { failureOf, runCodecCall, type CallContext } from './codec-call.js';
import type { PreparedCodec } from './codec-source.js';
import type { DistortionBound } from './distortion-bound.js';
import type { SubmissionFileRun } from './types.js';
import { verifyRoundTrip } from './verify-roundtrip.js';

/** One data file of the bundle, as the manifest lists it, with where it is on disk. */
export interface FileJob {
  path: string;
  bytes: number;
  sha256: string;
  format: string;
  absPath: string;
}

export interface RunFileContext extends CallContext {
  /** Fixed per-call output cap; null applies the default (2 × input + 1 MiB). */
  maxOutputBytes: number | null;
  bound?: DistortionBound;
}

export function outputCap(inputBytes: number, fixed: number | null): number {
  return fixed ?? 2 * inputBytes + (1 << 20);
}

/**
 * compress → decompress → verify for one file, each call in its own fresh
 * directory. A failure at any stage is returned as the row's failure; it never throws for codec misbehaviour.
 */
export async function runFile(codec: PreparedCodec, job: FileJob, ctx: RunFileContext): Promise<SubmissionFileRun> {
  const name = basename(job.path);
  const cap = outputCap(job.bytes, ctx.maxOutputBytes);
  const row: SubmissionFileRun = {
    file: job.path,
    original_bytes: job.bytes,
    compressed_bytes: null,
    compressed_sha256: null,
    encode: null,
    decode: null,
    roundtrip: 'failed',
    distortion: null,
    failure: null,
  };
  const enc = await runCodecCall(codec, 'compress', job.absPath, { input: name, output: `${name}.caq` }, cap, ctx);
  try {
    row.encode = enc.call.timing;
    if (enc.output === null) return { ...row, failure: enc.failure };
    row.compressed_bytes = enc.output.bytes;
    row.compressed_sha256 = await sha256File(enc.output.path);
    const dec = await runCodecCall(codec, 'decompress', enc.output.path, { input: `${name}.caq`, output: name }, cap, ctx);
    try {
      row.decode = dec.call.timing;
      if (dec.output === null) return { ...row, failure: dec.failure };
      const verdict = await verifyRoundTrip({
        file: job,
        originalPath: job.absPath,
        restoredPath: dec.output.path,
        compressedBytes: enc.output.bytes,
        lossless: codec.info.lossless,
        bound: ctx.bound,
      });
      const failure = verdict.failure === null ? null : failureOf('verify', null, verdict.failure.reason, verdict.failure.detail);
      return { ...row, roundtrip: verdict.roundtrip, distortion: verdict.distortion, failure };
    } finally {
      await dec.dispose();
    }
  } finally {
    await enc.dispose();
  }
}
