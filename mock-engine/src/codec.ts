/**
 * The contract between the engine and each codec. A codec turns a payload into
 * a body of bytes and back; the container (see container.ts) wraps the body with
 * the magic, format version, codec id, parameters and the tensor's dtype/shape,
 * so that `decode` works from bytes alone.
 */
import type { ErrorBoundMode } from './metrics/error-bound.js';

export type TensorDtype = 'float32' | 'float64';

export interface Tensor {
  dtype: TensorDtype;
  /** C-order shape; `[]` is a scalar, a zero in any axis is an empty tensor. */
  shape: number[];
  data: Float32Array | Float64Array;
}

export type Payload = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'tensor'; tensor: Tensor };

export type ParamValue = number | string | boolean;
export type CodecParams = Record<string, ParamValue>;

export interface CodecParamSpec {
  name: string;
  type: 'int' | 'number' | 'string' | 'path' | 'boolean';
  description: string;
  default?: ParamValue;
  min?: number;
  max?: number;
  choices?: string[];
}

export interface Codec {
  /** Stable id used on the command line, in containers and in results. */
  id: string;
  /** Version of the codec's bit stream; bump when encoded bytes change. */
  version: string;
  description: string;
  lossless: boolean;
  /** Learned/adaptive codecs are flagged separately on the leaderboard. */
  adaptive: boolean;
  /** 'tensor' codecs need a decoded tensor (from .npy); 'bytes' codecs take any file. */
  input: 'bytes' | 'tensor';
  /** Whether the codec needs the whole input in memory (declared in `info`). */
  wholeInput: boolean;
  params: CodecParamSpec[];
  /**
   * Lossy codecs only: the error bound every reconstruction keeps, its value
   * being the named parameter's (`info` prints it as `error_bound`); null for a
   * lossy codec that keeps none, with `boundNote` saying why.
   */
  errorBound?: { mode: ErrorBoundMode; param: string } | null;
  boundNote?: string;
  /** `params` arrive validated and completed with defaults. */
  encode(input: Payload, params: CodecParams): Uint8Array;
  /** `params` are the ones recorded in the container at encode time. */
  decode(body: Uint8Array, params: CodecParams, like: PayloadShape): Payload;
}

/** What the container records about the original input, handed back to `decode`. */
export type PayloadShape = { kind: 'bytes'; length: number } | { kind: 'tensor'; dtype: TensorDtype; shape: number[] };
