/**
 * A file written piece by piece yet appearing all at once: pieces go to
 * `<path>.tmp-<pid>-<random>`, which is renamed onto `path` on `commit`, and
 * removed by `abort` (or by `commit` itself when the rename fails), so a
 * failed chunked (de)compression never leaves half an output behind.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { EngineError } from '../errors.js';

export interface AtomicFile {
  write(bytes: Uint8Array): void;
  commit(): void;
  abort(): void;
}

function ioError(path: string, error: unknown): EngineError {
  return new EngineError('E_IO', `cannot write output: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
    file: path,
    hint: 'check that the folder exists and is writable',
  });
}

export function openAtomic(path: string): AtomicFile {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
  } catch (error) {
    throw ioError(path, error);
  }
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
      try {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd!, bytes, at, bytes.length - at);
      } catch (error) {
        throw ioError(path, error);
      }
    },
    commit() {
      try {
        close();
        renameSync(temp, path);
      } catch (error) {
        rmSync(temp, { force: true });
        throw ioError(path, error);
      }
    },
    abort,
  };
}

/** Runs `fill` on a fresh atomic file: committed when it returns, aborted when it throws. */
export function withAtomicFile(path: string, fill: (out: AtomicFile) => void): void {
  const out = openAtomic(path);
  try {
    fill(out);
  } catch (error) {
    out.abort();
    throw error;
  }
  out.commit();
}

/** Opens an input for reading, or fails with E_IO naming it. */
export function openInput(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new EngineError('E_IO', `cannot read input: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
  }
}
