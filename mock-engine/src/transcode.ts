/**
 * From file bytes to a container and back: the one path `compress`,
 * `decompress`, `run` and the harness share. Tensor codecs read `.npy`
 * (float32/float64, C order) and give `.npy` back; bytes codecs take anything.
 */
import type { Codec, CodecParams, Payload, PayloadShape } from './codec.js';
import { getCodec } from './codecs/index.js';
import { decodeContainer, encodeContainer, type ContainerHeader } from './container.js';
import { EngineError } from './errors.js';
import { decodeNpy, elementCount, encodeNpy } from './format/npy.js';

export function toPayload(codec: Codec, bytes: Uint8Array, file?: string): Payload {
  if (codec.input === 'bytes') return { kind: 'bytes', bytes };
  const array = decodeNpy(bytes, file);
  if (array.dtype !== 'float32' && array.dtype !== 'float64') {
    throw new EngineError(
      'E_BAD_NPY',
      `codec '${codec.id}' needs a float32 or float64 tensor, the .npy holds ${array.dtype}`,
      {
        file,
        hint: 'convert it with arr.astype(np.float32)',
      },
    );
  }
  return {
    kind: 'tensor',
    tensor: { dtype: array.dtype, shape: array.shape, data: array.data as Float32Array | Float64Array },
  };
}

/** The file a payload is written back as: its bytes, or a tensor as numpy's `.npy`. */
export function payloadBytes(payload: Payload): Uint8Array {
  return payload.kind === 'bytes' ? payload.bytes : encodeNpy(payload.tensor);
}

export function shapeOf(payload: Payload): PayloadShape {
  return payload.kind === 'bytes'
    ? { kind: 'bytes', length: payload.bytes.length }
    : { kind: 'tensor', dtype: payload.tensor.dtype, shape: [...payload.tensor.shape] };
}

/** `recorded` is what the container stores (see codecs/params.ts `recordableParams`). */
export function encodePayload(codec: Codec, payload: Payload, params: CodecParams, recorded: CodecParams): Uint8Array {
  const header: ContainerHeader = {
    codec: codec.id,
    codecVersion: codec.version,
    params: recorded,
    payload: shapeOf(payload),
  };
  return encodeContainer(header, codec.encode(payload, params));
}

export function decodePayload(bytes: Uint8Array, file?: string): { header: ContainerHeader; payload: Payload } {
  const { header, body } = decodeContainer(bytes, file);
  const codec = getCodec(header.codec);
  if (header.codecVersion !== codec.version) {
    throw new EngineError(
      'E_BAD_CONTAINER',
      `written by '${codec.id}' version ${header.codecVersion}; this engine has version ${codec.version}`,
      { file },
    );
  }
  let payload: Payload;
  try {
    payload = codec.decode(body, header.params, header.payload);
  } catch (error) {
    if (error instanceof EngineError)
      throw new EngineError(error.code, error.message, { file, field: error.field, hint: error.hint });
    throw new EngineError('E_BAD_CONTAINER', `codec '${codec.id}' failed to decode: ${(error as Error).message}`, {
      file,
    });
  }
  const like = header.payload;
  const ok =
    payload.kind === 'bytes'
      ? like.kind === 'bytes' && payload.bytes.length === like.length
      : like.kind === 'tensor' &&
        payload.tensor.dtype === like.dtype &&
        payload.tensor.shape.join(',') === like.shape.join(',') &&
        payload.tensor.data.length === elementCount(like.shape);
  if (!ok)
    throw new EngineError(
      'E_BAD_CONTAINER',
      `decoded payload does not match the container's description ${JSON.stringify(like)}`,
      { file },
    );
  return { header, payload };
}

export function encodeFile(
  codec: Codec,
  input: Uint8Array,
  params: CodecParams,
  recorded: CodecParams,
  file?: string,
): Uint8Array {
  return encodePayload(codec, toPayload(codec, input, file), params, recorded);
}

export function decodeFile(bytes: Uint8Array, file?: string): Uint8Array {
  return payloadBytes(decodePayload(bytes, file).payload);
}
