/**
 * numpy's .npz: a zip of .npy members. `writeNpz` writes the bytes
 * `np.savez_compressed` writes through Python's zipfile (numpy 2.x), to the
 * byte: raw deflate at zlib's default level 6 by pako 2.1.0, a pure-JS port of
 * zlib 1.2.x whose output equals Python's zlib 1.2.13 (fflate, pako 3 and
 * node:zlib, Chromium's zlib fork, all differ; see the README), so the bytes
 * do not depend on the machine; `force_zip64=True` local headers, the fixed
 * 1980-01-01 timestamp, mode 0600 and no data descriptors.
 */
import { inflateSync } from 'fflate';
import { deflateRaw } from 'pako';
import { EngineError } from '../errors.js';
import { crc32 } from './crc32.js';
import { decodeNpy, encodeNpy, type NpyArray } from './npy.js';
import { ZIP64_LIMIT, writeCentralDirectory, writeLocalHeader, type ZipEntry } from './zip.js';
import { readZipEntries } from './zip-read.js';

export const NPZ_DEFLATE_LEVEL = 6;

export function writeNpz(entries: Array<{ name: string; array: NpyArray }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const written: ZipEntry[] = [];
  let offset = 0;
  for (const { name, array } of entries) {
    const raw = encodeNpy(array);
    const body = deflateRaw(raw, { level: NPZ_DEFLATE_LEVEL });
    const entry: ZipEntry = {
      name: `${name}.npy`,
      crc: crc32(raw),
      size: raw.length,
      compressedSize: body.length,
      method: 8,
      offset,
    };
    const header = writeLocalHeader(entry);
    parts.push(header, body);
    written.push(entry);
    offset += header.length + body.length;
  }
  parts.push(writeCentralDirectory(written, offset));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function readNpz(bytes: Uint8Array, file?: string): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const entry of readZipEntries(bytes, file)) {
    const where = file === undefined ? entry.name : `${file}:${entry.name}`;
    const bad = (message: string): EngineError => new EngineError('E_BAD_CONTAINER', message, { file: where });
    let raw: Uint8Array;
    if (entry.method === 0) raw = new Uint8Array(entry.body);
    else if (entry.method === 8) {
      try {
        raw =
          entry.size <= ZIP64_LIMIT
            ? inflateSync(entry.body, { out: new Uint8Array(entry.size) })
            : inflateSync(entry.body);
      } catch (error) {
        throw bad(`corrupt deflate stream in .npz member: ${(error as Error).message}`);
      }
    } else throw bad(`unsupported zip compression method ${entry.method} in .npz member`);
    if (raw.length !== entry.size) throw bad(`.npz member is ${raw.length} bytes, its zip entry says ${entry.size}`);
    if (crc32(raw) !== entry.crc) throw bad('.npz member fails its CRC-32 check');
    if (!entry.name.endsWith('.npy')) throw bad(`.npz member '${entry.name}' is not a .npy file`);
    arrays.set(entry.name.slice(0, -4), decodeNpy(raw, where));
  }
  return arrays;
}
