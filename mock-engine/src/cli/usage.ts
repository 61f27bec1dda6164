/** The engine's --help text, with its exit statuses. */
import { ENGINE_EXIT_CODES } from '../errors.js';

/** `compare` found a figure outside the tolerance. */
export const EXIT_COMPARE_FAILED = 1;
/** A bug: anything that is not an EngineError (sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

export function usage(): string {
  const codes = Object.entries(ENGINE_EXIT_CODES).map(([code, status]) => `  ${String(status).padStart(3)}  ${code}`);
  return [
    'Usage: node mock-engine.mjs <command> [options]',
    '',
    'Commands:',
    '  info                                     codecs, versions and parameters as JSON',
    '  compress --codec C [--param k=v]... [--chunk-rows R | --chunk-bytes B] IN OUT',
    '                                           encode IN into a self-describing container OUT',
    '                                           (tensor codecs read a float32/float64 C-order .npy)',
    '                                           --chunk-rows R: read the .npy R rows at a time along the first axis, each',
    '                                           slice its own container, framed in a multi-chunk container ("CAQM");',
    '                                           memory stays bounded by the chunk; --chunk-bytes B does the same for bytes codecs.',
    '                                           Each chunk is a separate input: alcm-h3 output chunked differs from unchunked',
    '  decompress IN OUT                        decode a container from its bytes alone (a tensor comes back as .npy);',
    '                                           a multi-chunk container is decoded chunk by chunk into the full file',
    '  run --manifest bundle.json --out results.json [--runs N] [--warmup N] [--codec C]... [--shard i/n] [--unstable-threshold X]',
    "                                           every manifest codec over every data file; N defaults to the manifest's run block;",
    "                                           a codec whose runs spread by more than X (MAD/median of a run's CPU seconds over",
    '                                           its files, default 0.05) is measured again after 500 ms, then flagged unstable;',
    '                                           --shard measures only slice i of n of the codec × file matrix (merge with `caqbench merge`)',
    '  compare RESULTS EXPECTED [--tolerance T] [--gate-cpu] [--manifest bundle.json] [--json]',
    "                                           metric by metric; tolerance and CPU gate default to the manifest's, else 0.015 and off;",
    "                                           CAQ is gated with CPU in reference units × the expected run's reference seconds",
    '',
    'Exit statuses:',
    '    0  success',
    `  ${String(EXIT_COMPARE_FAILED).padStart(3)}  compare: a figure is outside the tolerance`,
    ...codes,
    `  ${String(EXIT_INTERNAL).padStart(3)}  internal error (a bug)`,
    '',
  ].join('\n');
}
