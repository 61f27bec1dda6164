/** Small helpers codecs share to unwrap their input and check their output. */
import type { Payload, PayloadShape, Tensor } from '../codec.js';
import { EngineError } from '../errors.js';

export function inputBytes(codecId: string, input: Payload): Uint8Array {
  if (input.kind !== 'bytes') throw new EngineError('E_USAGE', `codec '${codecId}' compresses bytes, not a tensor`);
  return input.bytes;
}

export function inputTensor(codecId: string, input: Payload): Tensor {
  if (input.kind !== 'tensor') {
    throw new EngineError('E_USAGE', `codec '${codecId}' compresses tensors; give it a .npy file`);
  }
  return input.tensor;
}

export function expectedLength(codecId: string, like: PayloadShape): number {
  if (like.kind !== 'bytes')
    throw new EngineError('E_BAD_CONTAINER', `codec '${codecId}' containers hold bytes, this one says tensor`);
  return like.length;
}

/** Decoders get the original length from the container, so a corrupt body can never make them allocate more. */
export function checkedLength(codecId: string, bytes: Uint8Array, length: number): Payload {
  if (bytes.length !== length) {
    throw new EngineError(
      'E_BAD_CONTAINER',
      `codec '${codecId}' decoded ${bytes.length} bytes, the container says ${length}`,
    );
  }
  return { kind: 'bytes', bytes };
}

export function corrupt(codecId: string, error: unknown): EngineError {
  const detail = error instanceof Error ? error.message : String(error);
  return new EngineError('E_BAD_CONTAINER', `codec '${codecId}' cannot decode the body: ${detail}`);
}
