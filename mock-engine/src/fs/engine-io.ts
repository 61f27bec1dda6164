/**
 * File I/O for the engine: reads and atomic writes (mock-engine/src/fs/atomic-write.ts)
 * whose failures are E_IO naming the file.
 */
import { openSync, readFileSync } from 'node:fs';
import { EngineError } from '../errors.js';
import { type AtomicFile, openAtomic, writeFileAtomicSync } from './atomic-write.js';

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function inputError(path: string, error: unknown): EngineError {
  return new EngineError('E_IO', `cannot read input: ${reason(error)}`, { file: path });
}

function outputError(path: string, error: unknown): unknown {
  if (error instanceof EngineError) return error;
  return new EngineError('E_IO', `cannot write output: ${reason(error)}`, {
    file: path,
    hint: 'check that the folder exists and is writable',
  });
}

export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw inputError(path, error);
  }
}

/** Opens an input for reading, or fails with E_IO naming it. */
export function openInput(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw inputError(path, error);
  }
}

export function writeAtomic(path: string, data: Uint8Array | string): void {
  try {
    writeFileAtomicSync(path, data);
  } catch (error) {
    throw outputError(path, error);
  }
}

/**
 * An output written piece by piece (chunked codecs): committed when `fill`
 * returns, removed when it throws. Failing to write it is E_IO; `fill`'s own
 * errors (a bad input) pass through as they are.
 */
export function writeAtomicPieces(path: string, fill: (out: AtomicFile) => void): void {
  const guard = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      throw outputError(path, error);
    }
  };
  const file = guard(() => openAtomic(path));
  try {
    fill({
      write: (bytes) => guard(() => file.write(bytes)),
      commit: () => guard(() => file.commit()),
      abort: () => file.abort(),
    });
  } catch (error) {
    file.abort();
    throw error;
  }
  guard(() => file.commit());
}
