/**
 * `decompress` of a multi-chunk container: the header, then each frame read,
 * checked and decoded in turn and its data appended to the output, so memory
 * holds one chunk. A tensor comes back as the `.npy` numpy would write for the
 * whole array (header for the full shape, then the rows in order). Anything
 * that does not add up (short frame, CRC, a chunk of another codec or shape,
 * missing or extra bytes) is E_BAD_CONTAINER naming the file, and no output
 * is left behind.
 */
import { closeSync, fstatSync } from 'node:fs';
import { decodeContainer } from '../container.js';
import { EngineError } from '../errors.js';
import { crc32 } from '../format/crc32.js';
import { decodePayload } from '../transcode.js';
import type { AtomicFile } from '../fs/atomic-write.js';
import { openInput, writeAtomicPieces } from '../fs/engine-io.js';
import {
  decodeMultiHeader,
  FRAME_HEADER_BYTES,
  hasMultiMagic,
  MAX_HEADER_BYTES,
  type MultiHeader,
} from './multi-container.js';
import { npyHeaderBytes, readAt } from './npy-stream-header.js';
import { pieceShape } from './slices.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether `path` starts with the multi-chunk magic (so `decompress` takes this path). */
export function isMultiChunkFile(path: string): boolean {
  const fd = openInput(path);
  try {
    return hasMultiMagic(readAt(fd, 0, 4));
  } finally {
    closeSync(fd);
  }
}

function writeData(out: AtomicFile, data: Uint8Array | Float32Array | Float64Array): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || data instanceof Uint8Array) out.write(bytes);
  else {
    // .npy data is little-endian whatever the host; swap a copy.
    const copy = bytes.slice();
    const size = (data as Float32Array | Float64Array).BYTES_PER_ELEMENT;
    for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
    out.write(copy);
  }
}

function decodeFrames(fd: number, file: string, header: MultiHeader, start: number, out: AtomicFile): void {
  const bad = (message: string): EngineError => new EngineError('E_BAD_CONTAINER', message, { file });
  const size = fstatSync(fd).size;
  let at = start;
  for (let index = 0; index < header.count; index += 1) {
    const frame = readAt(fd, at, FRAME_HEADER_BYTES);
    if (frame.length < FRAME_HEADER_BYTES)
      throw bad(`truncated multi-chunk container: chunk ${index + 1} of ${header.count} is missing`);
    const view = new DataView(frame.buffer);
    const length = view.getUint32(0, true);
    if (at + FRAME_HEADER_BYTES + length > size)
      throw bad(
        `truncated multi-chunk container: chunk ${index + 1} of ${header.count} needs ${length} bytes, the file ends first`,
      );
    const chunk = readAt(fd, at + FRAME_HEADER_BYTES, length);
    if (crc32(chunk) !== view.getUint32(4, true))
      throw bad(`chunk ${index + 1} of ${header.count} fails its CRC-32 check (corrupted)`);
    // Check what the chunk claims before decoding it, so a forged chunk cannot make the codec allocate more than one piece.
    const inner = decodeContainer(chunk, file).header;
    const want = pieceShape(header.whole, header.unit, index);
    if (
      inner.codec !== header.codec ||
      inner.codecVersion !== header.codecVersion ||
      JSON.stringify(inner.payload) !== JSON.stringify(want)
    ) {
      throw bad(
        `chunk ${index + 1} of ${header.count} is ${inner.codec} ${JSON.stringify(inner.payload)}, expected ${header.codec} ${JSON.stringify(want)}`,
      );
    }
    const { payload } = decodePayload(chunk, file);
    writeData(out, payload.kind === 'bytes' ? payload.bytes : payload.tensor.data);
    at += FRAME_HEADER_BYTES + length;
  }
  if (at !== size)
    throw bad(`multi-chunk container has ${size - at} trailing bytes after its ${header.count} chunks (corrupted)`);
}

export function decompressChunked(input: string, output: string): void {
  const fd = openInput(input);
  try {
    const { header, length } = decodeMultiHeader(readAt(fd, 0, MAX_HEADER_BYTES), input);
    writeAtomicPieces(output, (out) => {
      if (header.whole.kind === 'tensor') out.write(npyHeaderBytes(header.whole.dtype, header.whole.shape));
      decodeFrames(fd, input, header, length, out);
    });
  } finally {
    closeSync(fd);
  }
}
