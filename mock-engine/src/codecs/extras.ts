/**
 * Codec-specific figures that `run` publishes in a file result's `extra`
 * (e.g. the ALCM's predicted bits and drop ratio). A codec that has some
 * registers a function here under its id; it runs once per file, outside the
 * timed calls.
 */
import type { CodecParams, Payload } from '../codec.js';

export type ExtraFigures = (input: Payload, params: CodecParams) => Record<string, number>;

export const CODEC_EXTRAS: Record<string, ExtraFigures> = {};
