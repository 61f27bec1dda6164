/** Chunked compression: inputs larger than memory, cut into pieces and framed (see multi-container.ts). */
export { compressChunked, type ChunkBy } from './compress-chunked.js';
export { decompressChunked, isMultiChunkFile } from './decompress-chunked.js';
export { MULTI_MAGIC, MULTI_VERSION } from './multi-container.js';
export { streamingNpyStats } from './npy-stats.js';
