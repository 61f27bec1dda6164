/**
 * The zip records numpy's .npz files use, laid out byte for byte as Python's
 * zipfile writes them with `force_zip64=True` on a seekable file. Reading is in
 * zip-read.ts.
 */

export interface ZipEntry {
  name: string;
  crc: number;
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflate. */
  method: number;
  offset: number;
}

/** Python's zipfile switches to zip64 fields past 2 GiB − 1, not 4 GiB. */
export const ZIP64_LIMIT = 0x7fffffff;
const DOS_DATE_1980_01_01 = 0x21;
const ZIP64_VERSION = 45;
const MADE_BY_UNIX = 3 << 8;
const MODE_0600 = 0o600 << 16;

function utf8Flag(name: string): number {
  return /^\p{ASCII}*$/u.test(name) ? 0 : 0x800;
}

export function writeLocalHeader(e: ZipEntry): Uint8Array {
  const name = new TextEncoder().encode(e.name);
  const out = new Uint8Array(30 + name.length + 20);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, ZIP64_VERSION, true);
  v.setUint16(6, utf8Flag(e.name), true);
  v.setUint16(8, e.method, true);
  v.setUint16(10, 0, true);
  v.setUint16(12, DOS_DATE_1980_01_01, true);
  v.setUint32(14, e.crc, true);
  v.setUint32(18, 0xffffffff, true);
  v.setUint32(22, 0xffffffff, true);
  v.setUint16(26, name.length, true);
  v.setUint16(28, 20, true);
  out.set(name, 30);
  const x = 30 + name.length;
  v.setUint16(x, 0x0001, true);
  v.setUint16(x + 2, 16, true);
  v.setBigUint64(x + 4, BigInt(e.size), true);
  v.setBigUint64(x + 12, BigInt(e.compressedSize), true);
  return out;
}

export function writeCentralDirectory(entries: ZipEntry[], start: number): Uint8Array {
  const records: Uint8Array[] = [];
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    // As zipfile does: both sizes go to the zip64 extra when either is too big.
    const bigSizes = e.size > ZIP64_LIMIT || e.compressedSize > ZIP64_LIMIT;
    const big = [...(bigSizes ? [e.size, e.compressedSize] : []), ...(e.offset > ZIP64_LIMIT ? [e.offset] : [])];
    const extraLength = big.length > 0 ? 4 + 8 * big.length : 0;
    const out = new Uint8Array(46 + name.length + extraLength);
    const v = new DataView(out.buffer);

    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, MADE_BY_UNIX | ZIP64_VERSION, true);
    v.setUint16(6, ZIP64_VERSION, true);
    v.setUint16(8, utf8Flag(e.name), true);
    v.setUint16(10, e.method, true);
    v.setUint16(14, DOS_DATE_1980_01_01, true);
    v.setUint32(16, e.crc, true);
    v.setUint32(20, bigSizes ? 0xffffffff : e.compressedSize, true);
    v.setUint32(24, bigSizes ? 0xffffffff : e.size, true);
    v.setUint16(28, name.length, true);
    v.setUint16(30, extraLength, true);
    v.setUint32(38, MODE_0600, true);
    v.setUint32(42, e.offset > ZIP64_LIMIT ? 0xffffffff : e.offset, true);
    out.set(name, 46);
    if (extraLength > 0) {
      v.setUint16(46 + name.length, 0x0001, true);
      v.setUint16(48 + name.length, extraLength - 4, true);
      big.forEach((n, i) => v.setBigUint64(50 + name.length + 8 * i, BigInt(n), true));
    }
    records.push(out);
  }
  const size = records.reduce((n, r) => n + r.length, 0);
  const zip64 = entries.length >= 0xffff || start > ZIP64_LIMIT || size > ZIP64_LIMIT;
  const tail = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const v = new DataView(tail.buffer);
  let at = 0;
  if (zip64) {
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, ZIP64_VERSION, true);
    v.setUint16(14, ZIP64_VERSION, true);
    v.setBigUint64(24, BigInt(entries.length), true);
    v.setBigUint64(32, BigInt(entries.length), true);
    v.setBigUint64(40, BigInt(size), true);
    v.setBigUint64(48, BigInt(start), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(start + size), true);
    v.setUint32(72, 1, true);
    at = 76;
  }
  v.setUint32(at, 0x06054b50, true);
  v.setUint16(at + 8, Math.min(entries.length, 0xffff), true);
  v.setUint16(at + 10, Math.min(entries.length, 0xffff), true);
  v.setUint32(at + 12, Math.min(size, 0xffffffff), true);
  v.setUint32(at + 16, Math.min(start, 0xffffffff), true);
  const out = new Uint8Array(size + tail.length);
  let offset = 0;
  for (const r of records) {
    out.set(r, offset);
    offset += r.length;
  }
  out.set(tail, offset);
  return out;
}
