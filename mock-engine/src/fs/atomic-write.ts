/**
 * The one way the project writes a file: into `<path>.tmp-<pid>-<random>`
 * beside it, renamed onto `path` only when complete, the temp removed on any
 * failure, so a reader (or a crash) never sees half an output. Used by the
 * engine and the harness alike; errors are the system's own (each tool names
 * them in its own terms: the engine's E_IO, the harness's OUTPUT_UNWRITABLE).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** `<path>.tmp-<pid>-<random>`: unique per writer, recognisable as debris. */
export function tempSibling(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temp = tempSibling(path);
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = tempSibling(path);
  try {
    writeFileSync(temp, data, { mode, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A file written piece by piece yet appearing all at once (chunked (de)compression). */
export interface AtomicFile {
  write(bytes: Uint8Array): void;
  /** Renames the finished file onto its path (or removes it when the rename fails). */
  commit(): void;
  abort(): void;
}

export function openAtomic(path: string): AtomicFile {
  const temp = tempSibling(path);
  let fd: number | undefined = openSync(temp, 'wx');
  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const abort = (): void => {
    try {
      close();
    } finally {
      rmSync(temp, { force: true });
    }
  };
  return {
    write(bytes) {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd!, bytes, at, bytes.length - at);
    },
    commit() {
      try {
        close();
        renameSync(temp, path);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
    },
    abort,
  };
}
