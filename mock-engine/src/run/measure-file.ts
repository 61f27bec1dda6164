/**
 * One codec on one data file: encode and decode timed separately (N counted
 * calls after the warm-up), then the round-trip verdict from the last decode:
 * a lossless codec must give back every byte, a lossy one reports distortion.
 */
import { createHash } from 'node:crypto';
import type { Codec, CodecParams, Payload } from '../codec.js';
import { CODEC_EXTRAS } from '../codecs/extras.js';
import { EngineError } from '../errors.js';
import { distortion, identicalBytes, identicalTensors } from '../metrics/distortion.js';
import { caq } from '../metrics/caq.js';
import { measureCpu } from '../metrics/cpu.js';
import { referenceUnits } from '../metrics/reference-units.js';
import { summarize } from '../metrics/summary.js';
import type { Distortion, FileResult, RoundTrip, Summary } from '../results.js';
import { decodePayload, encodePayload } from '../transcode.js';

export interface MeasureOptions {
  runs: number;
  warmup: number;
}

function verdict(
  codec: Codec,
  input: Payload,
  output: Payload,
  compressedBytes: number,
): { roundtrip: RoundTrip; distortion: Distortion | null } {
  const same =
    input.kind === 'bytes'
      ? output.kind === 'bytes' && identicalBytes(input.bytes, output.bytes)
      : output.kind === 'tensor' && identicalTensors(input.tensor, output.tensor);
  if (codec.lossless) return { roundtrip: same ? 'identical' : 'failed', distortion: null };
  if (input.kind !== 'tensor' || output.kind !== 'tensor')
    return { roundtrip: same ? 'identical' : 'lossy', distortion: null };
  return { roundtrip: 'lossy', distortion: distortion(input.tensor, output.tensor, compressedBytes) };
}

export function measureFile(
  codec: Codec,
  file: string,
  originalBytes: number,
  input: Payload,
  params: { resolved: CodecParams; recorded: CodecParams },
  opts: MeasureOptions,
): FileResult {
  const encoded = measureCpu(() => encodePayload(codec, input, params.resolved, params.recorded), opts);
  const container = encoded.result;
  const compressed = container.length;
  let decodeSamples: number[] = [];
  let decodeReferences: number[] = [];
  let outcome: { roundtrip: RoundTrip; distortion: Distortion | null; error?: string };
  try {
    const decoded = measureCpu(() => decodePayload(container, file).payload, opts);
    decodeSamples = decoded.samples;
    decodeReferences = decoded.references;
    outcome = verdict(codec, input, decoded.result, compressed);
    if (outcome.roundtrip === 'failed') outcome.error = 'decoded output differs from the input';
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    outcome = { roundtrip: 'failed', distortion: null, error: `${error.code}: ${error.message}` };
  }
  const encode = summarize(encoded.samples);
  // A decode that failed has no samples; its summary is all zeros and the verdict says why.
  const orEmpty = (samples: number[]): Summary =>
    samples.length > 0 ? summarize(samples) : { samples: [], median: 0, min: 0, max: 0, mad: 0 };
  const decode = orEmpty(decodeSamples);
  const ratio = originalBytes / compressed;
  const cpu = encode.median + decode.median;
  const result: FileResult = {
    file,
    original_bytes: originalBytes,
    compressed_bytes: compressed,
    ratio,
    compressed_sha256: createHash('sha256').update(container).digest('hex'),
    encode_cpu_s: encode,
    decode_cpu_s: decode,
    encode_ref_cpu_s: summarize(encoded.references),
    decode_ref_cpu_s: orEmpty(decodeReferences),
    cpu_s: cpu,
    cpu_ref_units:
      referenceUnits(encoded.samples, encoded.references) + referenceUnits(decodeSamples, decodeReferences),
    caq: caq(ratio, cpu),
    roundtrip: outcome.roundtrip,
    distortion: outcome.distortion,
  };
  const extras = CODEC_EXTRAS[codec.id];
  if (extras !== undefined) result.extra = extras(input, params.resolved);
  if (outcome.error !== undefined) result.error = outcome.error;
  return result;
}

/**
 * One untimed round trip of each input, so the JIT has compiled the codec's
 * paths before any timing: without it the first files of the first codecs
 * were charged 20–120 ms of compilation and CAQ moved by 2–3% between runs.
 * Failures are ignored here; `measureFile` measures and reports them.
 */
export function prewarm(
  codec: Codec,
  inputs: Payload[],
  params: { resolved: CodecParams; recorded: CodecParams },
): void {
  for (const input of inputs) {
    try {
      decodePayload(encodePayload(codec, input, params.resolved, params.recorded));
    } catch {
      continue;
    }
  }
}
