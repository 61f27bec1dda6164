import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { Header, type HeaderData } from 'tar';

/** Hand-made tar entries, so tests can write what no well-behaved packer would. */
export interface CraftEntry {
  path: string;
  type?: HeaderData['type'];
  data?: Uint8Array;
  linkpath?: string;
  /** Size to declare in the header when it must differ from the data's. */
  size?: number;
}

const MTIME = new Date(1767225600 * 1000);

export function header(entry: CraftEntry): Buffer {
  const block = Buffer.alloc(512);
  const type = entry.type ?? 'File';
  new Header({
    path: entry.path,
    type,
    mode: type === 'Directory' ? 0o755 : 0o644,
    size: entry.size ?? entry.data?.length ?? 0,
    linkpath: entry.linkpath,
    mtime: MTIME,
    uid: 0,
    gid: 0,
  }).encode(block, 0);
  return block;
}

function padding(length: number): Buffer {
  return Buffer.alloc((512 - (length % 512)) % 512);
}

/** An uncompressed tar: each header, its data padded to 512, then the two zero blocks. */
export function tarOf(entries: CraftEntry[], endMarker = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.data !== undefined && e.data.length > 0) parts.push(Buffer.from(e.data), padding(e.data.length));
  }
  if (endMarker) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function gzip(bytes: Uint8Array): Buffer {
  return Buffer.from(gzipSync(bytes, { level: 6, mtime: 0 }));
}

/** The entries of a bundle folder as a sorted tar would hold them: `<top>/`, then every file. */
export async function folderEntries(folder: string, top: string): Promise<CraftEntry[]> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const d of await readdir(join(folder, rel), { withFileTypes: true })) {
      const p = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) await walk(p);
      else files.push(p);
    }
  };
  await walk('');
  files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const entries: CraftEntry[] = [{ path: `${top}/`, type: 'Directory' }];
  for (const p of files) entries.push({ path: `${top}/${p}`, data: await readFile(join(folder, p)) });
  return entries;
}
