import { open, readFile, stat } from 'node:fs/promises';
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { decodeNpy, type NpyArray } from '../../../mock-engine/src/format/npy.js';
import { distortion } from '../../../mock-engine/src/metrics/distortion.js';
import type { Distortion } from '../../../mock-engine/src/results.js';
import { sha256File } from '../bundle/hash.js';
import { brokenBound, type BoundClaim, type RecordedViolation } from './distortion-bound.js';
import type { FailureReason, SubmissionFileRun } from './types.js';

export interface RoundTripInput {
  /** The manifest's record of the original: its size, digest and format. */
  file: { path: string; bytes: number; sha256: string; format: string };
  originalPath: string;
  restoredPath: string;
  compressedBytes: number;
  lossless: boolean;
  /** Bounds every element of a lossy reconstruction must keep (none: the distortion is only measured). */
  bounds: BoundClaim[];
}

export interface RoundTripVerdict {
  roundtrip: SubmissionFileRun['roundtrip'];
  distortion: Distortion | null;
  failure: { reason: FailureReason; detail: string; bound_violation?: RecordedViolation } | null;
}

/**
 * Lossless claims must come back byte for byte (checked against the manifest's
 * digest, streaming). Lossy codecs get the engine's distortion figures: of the
 * decoded tensors for .npy files, of the byte values for anything else.
 */
export async function verifyRoundTrip(input: RoundTripInput): Promise<RoundTripVerdict> {
  if (input.lossless) {
    const restored = await stat(input.restoredPath);
    if (restored.size === input.file.bytes && (await sha256File(input.restoredPath)) === input.file.sha256) {
      return { roundtrip: 'identical', distortion: null, failure: null };
    }
    const detail = await describeMismatch(input.originalPath, input.restoredPath, input.file.bytes, restored.size);
    return { roundtrip: 'failed', distortion: null, failure: { reason: 'roundtrip-mismatch', detail } };
  }
  const [original, restored] = await Promise.all([readFile(input.originalPath), readFile(input.restoredPath)]);
  let figures: Distortion;
  let broken: ReturnType<typeof brokenBound>;
  try {
    const [x, y] =
      input.file.format === 'npy'
        ? [asTensor(decodeNpy(original, input.file.path)), asTensor(decodeNpy(restored, input.file.path))]
        : [byteTensor(original), byteTensor(restored)];
    figures = distortion(x, y, input.compressedBytes);
    broken = brokenBound(x, y, input.bounds);
  } catch (error) {
    const detail = `the reconstruction cannot be compared with the original: ${(error as Error).message}`;
    return { roundtrip: 'failed', distortion: null, failure: { reason: 'roundtrip-mismatch', detail } };
  }
  const roundtrip = original.equals(restored) ? 'identical' : 'lossy';
  if (broken === null) return { roundtrip, distortion: figures, failure: null };
  return {
    roundtrip,
    distortion: figures,
    failure: { reason: 'distortion-bound', detail: broken.detail, bound_violation: broken.violation },
  };
}

function asTensor(a: NpyArray): Tensor {
  if (a.dtype === 'float32' || a.dtype === 'float64')
    return { dtype: a.dtype, shape: a.shape, data: a.data as Float32Array | Float64Array };
  const data = a.data instanceof BigInt64Array ? Float64Array.from(a.data, Number) : Float64Array.from(a.data);
  return { dtype: 'float64', shape: a.shape, data };
}

function byteTensor(bytes: Buffer): Tensor {
  return { dtype: 'float64', shape: [bytes.length], data: Float64Array.from(bytes) };
}

/** "restored 900 of 1000 bytes (a truncated copy)" or "first difference at byte 17". */
async function describeMismatch(
  originalPath: string,
  restoredPath: string,
  originalBytes: number,
  restoredBytes: number,
): Promise<string> {
  const at = await firstDifference(originalPath, restoredPath);
  if (restoredBytes === originalBytes) return `same length, first difference at byte ${at}`;
  const shorter = Math.min(originalBytes, restoredBytes);
  if (at < shorter) return `restored ${restoredBytes} bytes of ${originalBytes}, first difference at byte ${at}`;
  const kind = restoredBytes < originalBytes ? 'a truncated copy' : 'the original plus extra bytes';
  return `restored ${restoredBytes} bytes of ${originalBytes} (${kind})`;
}

async function firstDifference(a: string, b: string): Promise<number> {
  const [fa, fb] = await Promise.all([open(a), open(b)]);
  try {
    const size = 1 << 16;
    const ba = Buffer.alloc(size);
    const bb = Buffer.alloc(size);
    for (let offset = 0; ; offset += size) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, size, offset), fb.read(bb, 0, size, offset)]);
      const n = Math.min(ra.bytesRead, rb.bytesRead);
      for (let i = 0; i < n; i++) if (ba[i] !== bb[i]) return offset + i;
      if (ra.bytesRead !== size || rb.bytesRead !== size) return offset + n;
    }
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}
