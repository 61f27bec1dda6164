/**
 * CRC-32 (IEEE 802.3, as zip and gzip use it). `zlib.crc32` is native but only
 * exists from Node 20.15; the table version gives the same values everywhere else.
 */
import * as zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32Table(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  return native !== undefined ? native(bytes) >>> 0 : crc32Table(bytes);
}
