import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../mock-engine/src/format/npy.js';
import { readNpz, writeNpz } from '../../mock-engine/src/format/npz.js';
import { readZipEntries } from '../../mock-engine/src/format/zip-read.js';
import { writeCentralDirectory, writeLocalHeader } from '../../mock-engine/src/format/zip.js';
import { ALCM_DIR, NPZ_DIR, alcmTensors, fixture } from './helpers.js';

describe('.npz', () => {
  it('writes each fixture tensor to exactly the size of numpy savez_compressed, deterministically', () => {
    const sizes = alcmTensors().map((t) => {
      const array = decodeNpy(fixture(join(ALCM_DIR, t.npy)));
      const npz = writeNpz([{ name: 'data', array }]);
      expect(Buffer.from(writeNpz([{ name: 'data', array }])).equals(Buffer.from(npz))).toBe(true);
      expect(readNpz(npz).get('data')?.data).toEqual(array.data);
      return npz.length;
    });
    expect(sizes).toEqual(alcmTensors().map((t) => t.baseline_npz_bytes));
  });

  it('writes the arrays of a numpy savez_compressed archive back to the same bytes', () => {
    const bytes = fixture(join(NPZ_DIR, 'three_compressed.npz'));
    const again = writeNpz([...readNpz(bytes)].map(([name, array]) => ({ name, array })));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('lays out zip records exactly as numpy (Python zipfile, force_zip64) does', () => {
    for (const name of ['three_compressed.npz', 'two_stored.npz']) {
      const bytes = fixture(join(NPZ_DIR, name));
      const entries = readZipEntries(bytes, name);
      for (const e of entries) {
        const header = writeLocalHeader(e);
        expect(Buffer.from(bytes.subarray(e.offset, e.offset + header.length)).equals(Buffer.from(header))).toBe(true);
      }
      const last = entries[entries.length - 1]!;
      const cdStart = last.offset + writeLocalHeader(last).length + last.compressedSize;
      expect(Buffer.from(bytes.subarray(cdStart)).equals(Buffer.from(writeCentralDirectory(entries, cdStart)))).toBe(
        true,
      );
    }
  });

  it('reads numpy archives, deflated and stored, into named arrays', () => {
    const three = readNpz(fixture(join(NPZ_DIR, 'three_compressed.npz')));
    expect([...three.keys()]).toEqual(['tensor', 'mask', 'scales']);
    expect(three.get('tensor')).toMatchObject({ dtype: 'float32', shape: [4, 6] });
    expect(three.get('mask')?.dtype).toBe('bool');
    expect(three.get('scales')!.data).toEqual(new Float64Array([0.5, 0.25, 1e-8, 3]));
    const two = readNpz(fixture(join(NPZ_DIR, 'two_stored.npz')));
    expect(two.get('a')?.data).toEqual(new BigInt64Array([0n, 1n, 2n, 3n, 4n]));
    expect(two.get('b')?.shape).toEqual([2, 0]);
  });

  it('round-trips several members in order', () => {
    const arrays = readNpz(fixture(join(NPZ_DIR, 'three_compressed.npz')));
    const again = readNpz(writeNpz([...arrays].map(([name, array]) => ({ name, array }))));
    expect([...again.entries()]).toEqual([...arrays.entries()]);
  });

  it('rejects truncated, corrupted and foreign archives with E_BAD_CONTAINER naming the file', () => {
    const bytes = fixture(join(NPZ_DIR, 'three_compressed.npz'));
    const flipped = bytes.slice();
    flipped[60] = flipped[60]! ^ 0xff;
    const damaged = [
      bytes.subarray(0, bytes.length - 30),
      bytes.subarray(0, 100),
      flipped,
      new Uint8Array(10),
      new TextEncoder().encode('not a zip'),
    ];
    for (const d of damaged) {
      expect(() => readNpz(d, 'x.npz')).toThrowError(
        expect.objectContaining({ code: 'E_BAD_CONTAINER', file: expect.stringContaining('x.npz') }),
      );
    }
  });
});
