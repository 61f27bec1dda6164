/**
 * Debian's zfp CLI on one float32 2-D tensor, as harness/wrappers/zfp runs it in
 * fixed-rate mode (`-r`, the mode whose parameter moves in steps fine enough to
 * meet a target SNR), for the equal-distortion rows of `reproduce`. The size
 * counted is what the wrapper writes: the .npy header, then zfp's stream with
 * its own header (-h). One call per evaluation: compress to memory and back.
 */
import { execaSync } from 'execa';
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { encodeNpy } from '../../../mock-engine/src/format/npy.js';

/** zfp's version, or null when the CLI is not installed (the zfp rows are then left out, with a note). */
export function zfpVersion(): string | null {
  const run = execaSync('zfp', [], { reject: false, stdin: 'ignore' });
  if (run.failed && run.exitCode === undefined) return null;
  return /^zfp version (\S+)/.exec(`${run.stdout}${run.stderr}`)?.[1] ?? null;
}

/** One call: compress to memory and back (`-i - -o -`); `-s` reports the stream's size (`zfp=`, its -h header included). */
export function zfpRoundTrip(x: Tensor, rate: number): { bytes: number; restored: Tensor } {
  if (x.dtype !== 'float32' || x.shape.length !== 2) throw new Error('zfpRoundTrip takes a float32 2-D tensor');
  const raw = Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength);
  const dims = ['-2', String(x.shape[1]), String(x.shape[0])];
  const run = execaSync('zfp', ['-h', '-s', '-f', ...dims, '-r', String(rate), '-i', '-', '-o', '-'], {
    input: raw,
    encoding: 'buffer',
  });
  const stream = /\bzfp=(\d+)/.exec(Buffer.from(run.stderr as Uint8Array).toString('latin1'));
  const back = new Uint8Array(run.stdout as Uint8Array);
  if (stream === null || back.length !== raw.length)
    throw new Error(`zfp -r ${rate} gave ${back.length} bytes back for ${raw.length} and no stream size`);
  const npyHeader = encodeNpy(x).length - x.data.byteLength;
  const data = new Float32Array(back.buffer, back.byteOffset, x.data.length);
  return { bytes: npyHeader + Number(stream[1]), restored: { dtype: 'float32', shape: [...x.shape], data } };
}
