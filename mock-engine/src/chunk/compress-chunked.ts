/**
 * `compress --chunk-rows R` / `--chunk-bytes B`: the input read one piece at a
 * time, each piece encoded as its own single container and framed into the
 * multi-chunk container (multi-container.ts). Peak memory is one piece and its
 * encoding, not the file.
 *
 * Each piece is a complete input to the codec, so a codec that looks at its
 * whole input (alcm-h3's statistics, predicted bits and pruning percentile;
 * deflate's window) sees only the piece: chunked output differs from
 * unchunked by design, and lossy results are per-chunk results.
 */
import { closeSync } from 'node:fs';
import type { Codec, CodecParams } from '../codec.js';
import { EngineError } from '../errors.js';
import { encodePayload } from '../transcode.js';
import { openInput, writeAtomicPieces } from '../fs/engine-io.js';
import { encodeMultiHeader, frameHeader } from './multi-container.js';
import { byteSlices, rowSlices } from './slices.js';

export type ChunkBy = { rows: number } | { bytes: number };

function checkChunking(codec: Codec, by: ChunkBy): void {
  const unit = 'rows' in by ? by.rows : by.bytes;
  if (!Number.isSafeInteger(unit) || unit < 1)
    throw new EngineError('E_USAGE', `chunk size must be a positive integer, got ${unit}`);
  if ('rows' in by && codec.input !== 'tensor') {
    throw new EngineError('E_USAGE', `--chunk-rows cuts tensors; codec '${codec.id}' compresses bytes`, {
      hint: 'use --chunk-bytes B',
    });
  }
  if ('bytes' in by && codec.input !== 'bytes') {
    throw new EngineError('E_USAGE', `--chunk-bytes cuts raw bytes; codec '${codec.id}' compresses tensors`, {
      hint: 'use --chunk-rows R',
    });
  }
}

/** `recorded` is what each chunk's container stores (see codecs/params.ts `recordableParams`). */
export function compressChunked(
  codec: Codec,
  params: CodecParams,
  recorded: CodecParams,
  input: string,
  output: string,
  by: ChunkBy,
): void {
  checkChunking(codec, by);
  const fd = openInput(input);
  try {
    const slices = 'rows' in by ? rowSlices(fd, input, by.rows) : byteSlices(fd, input, by.bytes);
    writeAtomicPieces(output, (out) => {
      out.write(
        encodeMultiHeader({
          codec: codec.id,
          codecVersion: codec.version,
          whole: slices.whole,
          unit: slices.unit,
          count: slices.count,
        }),
      );
      for (const piece of slices.pieces()) {
        const chunk = encodePayload(codec, piece, params, recorded);
        out.write(frameHeader(chunk));
        out.write(chunk);
      }
    });
  } finally {
    closeSync(fd);
  }
}
