import { basename } from 'node:path';
import { sha256File } from '../bundle/hash.js';
import { withReference, type ReferenceClock } from '../timing/reference-workload.js';
import { failureOf, runCodecCall, type CallContext } from './codec-call.js';
import type { PreparedCodec, Stage } from './codec-source.js';
import type { BoundClaim } from './distortion-bound.js';
import type { SubmissionFileRun } from './types.js';
import { verifyRoundTrip, type RoundTripInput, type RoundTripVerdict } from './verify-roundtrip.js';

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
  /** What every lossy reconstruction is held to (the codec's and the bundle's bounds). */
  bounds: BoundClaim[];
  /** Times the reference workload beside each call (timing/reference-workload.ts); null: calls unpaired. */
  reference: ReferenceClock | null;
}

export function outputCap(inputBytes: number, fixed: number | null): number {
  return fixed ?? 2 * inputBytes + (1 << 20);
}

/**
 * A file's timed calls done, its round trip not yet judged: the row so far, what to
 * verify (null when a call already failed), and the release of the calls' folders,
 * which hold the restored copy until it is verified.
 */
export interface MeasuredFile {
  row: SubmissionFileRun;
  verify: RoundTripInput | null;
  dispose: () => Promise<void>;
}

/**
 * compress → decompress for one file, each call in its own fresh directory; the
 * round trip is verified later (`withVerdict`), so that verification can run on
 * every core once the timed calls are over. A failing call is the row's failure;
 * it never throws for codec misbehaviour.
 */
export async function measureFile(codec: PreparedCodec, job: FileJob, ctx: RunFileContext): Promise<MeasuredFile> {
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
  const call = (stage: Stage, source: string, names: { input: string; output: string }) =>
    withReference(ctx.reference, () => runCodecCall(codec, stage, source, names, cap, ctx));
  const encoded = await call('compress', job.absPath, { input: name, output: `${name}.caq` });
  const enc = encoded.result;
  const disposals = [enc.dispose];
  const dispose = async (): Promise<void> => {
    await Promise.all(disposals.map((d) => d()));
  };
  try {
    row.encode = enc.call.timing;
    if (encoded.reference_cpu_s !== null) row.encode_ref_cpu_s = encoded.reference_cpu_s;
    if (enc.output === null) return { row: { ...row, failure: enc.failure }, verify: null, dispose };
    row.compressed_bytes = enc.output.bytes;
    row.compressed_sha256 = await sha256File(enc.output.path);
    const decoded = await call('decompress', enc.output.path, { input: `${name}.caq`, output: name });
    const dec = decoded.result;
    disposals.push(dec.dispose);
    row.decode = dec.call.timing;
    if (decoded.reference_cpu_s !== null) row.decode_ref_cpu_s = decoded.reference_cpu_s;
    if (dec.output === null) return { row: { ...row, failure: dec.failure }, verify: null, dispose };
    const { path, bytes, sha256, format } = job;
    const verify: RoundTripInput = {
      file: { path, bytes, sha256, format },
      originalPath: job.absPath,
      restoredPath: dec.output.path,
      compressedBytes: enc.output.bytes,
      lossless: codec.info.lossless,
      bounds: ctx.bounds,
    };
    return { row, verify, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The row with its round-trip verdict: identical, lossy with its distortion, or a verify failure. */
export function withVerdict(row: SubmissionFileRun, verdict: RoundTripVerdict): SubmissionFileRun {
  const f = verdict.failure;
  const failure =
    f === null
      ? null
      : {
          ...failureOf('verify', null, f.reason, f.detail),
          ...(f.bound_violation === undefined ? {} : { bound_violation: f.bound_violation }),
        };
  return { ...row, roundtrip: verdict.roundtrip, distortion: verdict.distortion, failure };
}

/** One file measured and verified at once, on this thread (the start-up floor's calls: small, and needed one by one). */
export async function runFile(codec: PreparedCodec, job: FileJob, ctx: RunFileContext): Promise<SubmissionFileRun> {
  const measured = await measureFile(codec, job, ctx);
  try {
    return measured.verify === null ? measured.row : withVerdict(measured.row, await verifyRoundTrip(measured.verify));
  } finally {
    await measured.dispose();
  }
}
