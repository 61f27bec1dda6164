import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Gzip } from 'fflate';
import { create as createTar, type WriteEntry } from 'tar';
import { tempSibling } from '../../../mock-engine/src/fs/atomic-write.js';
import { normalisedMode } from './modes.js';
import { walkSorted } from './walk.js';

/**
 * fflate's streaming deflate closes blocks where the pushed chunks happen to
 * end, so the same bytes pushed in different chunks compress differently.
 * Pushing fixed 64 KiB chunks makes the output depend on the bytes alone.
 */
const GZIP_CHUNK = 1 << 16;

/**
 * Write `<folder>.tar.gz` byte-reproducibly (see docs in the bundle README):
 * entries `<top>/…` in byte-wise order from our own walk (node-tar would use
 * readdir order), `portable` headers (no uid/gid/uname/gname, atime, ctime),
 * every mtime = `mtime`, modes from `normalisedMode`, gzip by fflate at level 9
 * with a zero mtime and no name (node:zlib's output may change with Node's zlib).
 * Streams end to end: neither a file nor the archive is ever held in memory.
 * Returns the archive's SHA-256, hashed as it is written.
 */
export async function writeTarball(folder: string, tarball: string, mtimeSeconds: number): Promise<string> {
  const top = basename(folder);
  const entries = await walkSorted(folder);
  const list = [top, ...entries.map((e) => `${top}/${e.path}`)];
  const mtime = new Date(mtimeSeconds * 1000);
  const pack = createTar(
    {
      cwd: dirname(folder),
      portable: true,
      noDirRecurse: true,
      // node-tar reads files in 16 MiB chunks by default; 1 MiB keeps memory flat.
      maxReadSize: 1 << 20,
      mtime,
      onWriteEntry: (entry: WriteEntry) => {
        const inBundle = entry.path.replace(/\/$/, '').slice(top.length + 1);
        const type = entry.type === 'Directory' ? 'dir' : 'file';
        if (entry.stat) entry.stat.mode = (entry.stat.mode & ~0o7777) | normalisedMode(inBundle, type);
        // portable mode drops directory mtimes; GNU tar keeps them, and so do we.
        entry.noMtime = false;
        entry.mtime = mtime;
      },
    },
    list,
  );

  const temp = tempSibling(tarball);
  const out = createWriteStream(temp, { flags: 'wx' });
  const hash = createHash('sha256');
  const pending: Uint8Array[] = [];
  const gzip = new Gzip({ level: 9, mtime: 0 }, (chunk) => pending.push(chunk));
  const drain = async (): Promise<void> => {
    for (const chunk of pending.splice(0)) {
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
  };
  try {
    const buffer = new Uint8Array(GZIP_CHUNK);
    let filled = 0;
    for await (const data of pack as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < data.length) {
        const take = Math.min(GZIP_CHUNK - filled, data.length - offset);
        buffer.set(data.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === GZIP_CHUNK) {
          gzip.push(buffer);
          filled = 0;
          await drain();
        }
      }
    }
    gzip.push(buffer.slice(0, filled), true);
    await drain();
    out.end();
    await once(out, 'close');
    await rename(temp, tarball);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
  return hash.digest('hex');
}
