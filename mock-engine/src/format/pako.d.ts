/**
 * The one pako 2.1.0 entry point the engine uses (pako ships no types). Pinned
 * exactly in package.json: its deflate is byte-identical to zlib 1.2.x, which a
 * later major (pako 3) is not.
 */
declare module 'pako' {
  export function deflateRaw(data: Uint8Array, options?: { level?: number }): Uint8Array;
}
