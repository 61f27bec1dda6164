/**
 * Reads the members of a plain zip (single disk, no encryption), zip64
 * included, from the central directory; every offset and size is checked
 * against the buffer so a truncated or foreign file fails with a clear error.
 */
import { EngineError } from '../errors.js';
import type { ZipEntry } from './zip.js';

export interface ZipMember extends ZipEntry {
  /** The member's compressed bytes (a view into the input). */
  body: Uint8Array;
}

const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export function readZipEntries(bytes: Uint8Array, file?: string): ZipMember[] {
  const bad = (message: string): EngineError =>
    new EngineError('E_BAD_CONTAINER', message, { file, hint: 'expected a zip archive such as numpy.savez writes' });
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => v.getUint16(at, true);
  const u32 = (at: number): number => v.getUint32(at, true);
  const u64 = (at: number): number => Number(v.getBigUint64(at, true));
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT); at -= 1) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw bad('not a zip archive (no end-of-central-directory record); truncated or foreign file');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdStart = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) throw bad('zip64 end-of-central-directory locator missing');
    const record = u64(locator + 8);
    if (record + 56 > bytes.length || u32(record) !== 0x06064b50)
      throw bad('zip64 end-of-central-directory record missing');
    count = u64(record + 32);
    cdSize = u64(record + 40);
    cdStart = u64(record + 48);
  }
  if (cdStart + cdSize > bytes.length) throw bad('zip central directory lies outside the file (truncated?)');
  const members: ZipMember[] = [];
  let at = cdStart;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > cdStart + cdSize || u32(at) !== 0x02014b50)
      throw bad(`zip central directory entry ${i} is malformed`);
    if (u16(at + 8) & 0x1) throw bad('encrypted zip members are not supported');
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let offset = u32(at + 42);
    // The zip64 extra holds, in this order, only the fields saturated at 0xffffffff.
    let x = at + 46 + nameLength;
    const extraEnd = x + extraLength;
    while (x + 4 <= extraEnd) {
      const id = u16(x);
      const length = u16(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (size === 0xffffffff) {
          size = u64(f);
          f += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(f);
          f += 8;
        }
        if (offset === 0xffffffff) offset = u64(f);
      }
      x += 4 + length;
    }
    if (offset + 30 > bytes.length || u32(offset) !== 0x04034b50) throw bad(`zip local header of '${name}' is missing`);
    const start = offset + 30 + u16(offset + 26) + u16(offset + 28);
    if (start + compressedSize > bytes.length) throw bad(`zip member '${name}' is truncated`);
    members.push({
      name,
      crc: u32(at + 16),
      size,
      compressedSize,
      method: u16(at + 10),
      offset,
      body: bytes.subarray(start, start + compressedSize),
    });
    at = extraEnd + commentLength;
  }
  return members;
}
