/**
 * The project's one reference workload: fflate `deflateSync` at level 6 of a
 * fixed 32 KiB buffer, about 1 ms of CPU on this project's machines. It is
 * timed beside every counted codec call, in-process by the engine and beside
 * every external codec call by the harness (harness/src/timing/reference-workload.ts),
 * so codec CPU can be expressed in "reference units" — a figure that a busy or
 * a slower machine scales alike on both sides, unlike raw seconds. fflate is
 * pure JavaScript: the same input gives the same output bytes on every machine.
 *
 * The buffer is generated, not shipped: a seeded xorshift32 picks words from a
 * small vocabulary (compressible, text-like bytes, ratio ≈ 5), so deflate does
 * real matching work rather than storing or run-length coding. Its SHA-256 is
 * pinned by a test and named in every results file, so two runs can only be
 * compared when they timed the very same work.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'fflate';

export const REFERENCE_BYTES = 32768;
const SEED = 0x2545f491;
const VOCABULARY = [
  'the ',
  'of ',
  'and ',
  'compression ',
  'ratio ',
  'entropy ',
  'gradient ',
  'tensor ',
  'bytes ',
  'window ',
  '0.25 ',
  '-1.75 ',
  '\n',
];

/** The fixed input of the reference workload (same bytes on every machine). */
export function referenceBuffer(): Uint8Array {
  const out = new Uint8Array(REFERENCE_BYTES);
  let s = SEED;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  let i = 0;
  while (i < out.length) {
    const r = next();
    // One draw in eight is a lone printable character, so the text is not pure dictionary words.
    const word =
      (r & 7) === 0 ? String.fromCharCode(33 + ((r >>> 8) % 90)) : VOCABULARY[(r >>> 3) % VOCABULARY.length]!;
    for (let k = 0; k < word.length && i < out.length; k += 1) out[i++] = word.charCodeAt(k);
  }
  return out;
}

const BUFFER = referenceBuffer();

export const REFERENCE_SHA256 = createHash('sha256').update(BUFFER).digest('hex');

export const REFERENCE_WORKLOAD = `fflate 0.8.3 deflateSync level 6 of a ${REFERENCE_BYTES}-byte xorshift32 text buffer, sha256 ${REFERENCE_SHA256}`;

/** One call of the reference workload; returns the compressed size so the call cannot be optimised away. */
export function referenceCall(): number {
  return deflateSync(BUFFER, { level: 6 }).length;
}

/** What the workload is, by its input's digest and its output's size (the same on every machine: fflate is pure JS). */
export interface ReferenceIdentity {
  workload: string;
  input_sha256: string;
  compressed_bytes: number;
}

let identity: ReferenceIdentity | undefined;

/** Computed on first use, so that an engine started for one codec call does not pay for an extra deflate. */
export function referenceIdentity(): ReferenceIdentity {
  identity ??= { workload: REFERENCE_WORKLOAD, input_sha256: REFERENCE_SHA256, compressed_bytes: referenceCall() };
  return identity;
}
