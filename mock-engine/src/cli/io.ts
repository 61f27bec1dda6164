/**
 * File I/O for the CLI: reads that fail with E_IO naming the file, and atomic
 * writes (temp file + rename; the temp is removed on any failure) so that no
 * half-written output is ever left behind.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { EngineError } from '../errors.js';

export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new EngineError('E_IO', `cannot read input: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
  }
}

export function writeAtomic(path: string, data: Uint8Array | string): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new EngineError('E_IO', `cannot write output: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      file: path,
      hint: 'check that the folder exists and is writable',
    });
  }
}
