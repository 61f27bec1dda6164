import { errorBoundProblem, type ErrorBound } from '../../../mock-engine/src/metrics/error-bound.js';
import { CaqError } from '../errors.js';

/** What the harness needs from a codec's `info`, plus the JSON as printed (kept in the submission). */
export interface CodecInfo {
  name: string;
  version: string;
  lossless: boolean;
  adaptive: boolean;
  /** Claimed determinism: the harness then checks that compressed bytes never change between runs. */
  deterministic: boolean;
  /** Tensor codecs run on the bundle's .npy data files only. */
  input: 'bytes' | 'tensor';
  /** Names of parameters that are paths (engine codecs), resolved against the bundle folder. */
  pathParams: string[];
  /** The error bound a lossy codec promises (`error_bound` in info); null for none. */
  errorBound: ErrorBound | null;
  raw: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalid(field: string, message: string): CaqError {
  return new CaqError('CODEC_INFO_INVALID', `codec info: ${message}`, {
    field,
    hint: '`<cmd> info` must print a JSON object with at least {"name": string, "version": string, "lossless": boolean}',
  });
}

function text(doc: Record<string, unknown>, key: string): string {
  const v = doc[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw invalid(key, `'${key}' must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function flag(doc: Record<string, unknown>, key: string, fallback?: boolean): boolean {
  const v = doc[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') throw invalid(key, `'${key}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** `error_bound: {mode, value}`, checked; only a lossy codec may declare one. */
function declaredBound(doc: Record<string, unknown>, lossless: boolean): ErrorBound | null {
  const bound = doc.error_bound;
  if (bound === undefined || bound === null) return null;
  const problem = lossless ? 'a lossless codec declares no error bound' : errorBoundProblem(bound);
  if (problem !== null) throw invalid('error_bound', `'error_bound' ${problem}`);
  return { mode: (bound as ErrorBound).mode, value: (bound as ErrorBound).value };
}

/**
 * An engine codec's bound is a parameter's value (`error_bound: {mode, param}` in
 * the engine's info): the one given, else the parameter's default.
 */
function engineBound(
  entry: Record<string, unknown>,
  params: Record<string, string>,
  specs: Record<string, unknown>[],
): ErrorBound | null {
  const b = entry.error_bound;
  if (!isRecord(b) || typeof b.param !== 'string') return declaredBound(entry, flag(entry, 'lossless'));
  const spec = specs.find((p) => p.name === b.param);
  const value = params[b.param] !== undefined ? Number(params[b.param]) : spec?.default;
  return declaredBound({ error_bound: { mode: b.mode, value } }, false);
}

/** A tensor codec (e.g. the zfp wrapper) runs on the bundle's .npy files only; the default is every file. */
function inputKind(doc: Record<string, unknown>): CodecInfo['input'] {
  if (doc.input === undefined || doc.input === 'bytes' || doc.input === 'tensor')
    return (doc.input as CodecInfo['input'] | undefined) ?? 'bytes';
  throw invalid('input', `'input' must be "bytes" or "tensor", got ${JSON.stringify(doc.input)}`);
}

/** An external codec: `deterministic` and `adaptive` are optional and default to false (no claim, no check). */
export function externalCodecInfo(doc: unknown): CodecInfo {
  if (!isRecord(doc)) throw invalid('', 'info must print a JSON object');
  return {
    name: text(doc, 'name'),
    version: text(doc, 'version'),
    lossless: flag(doc, 'lossless'),
    adaptive: flag(doc, 'adaptive', false),
    deterministic: flag(doc, 'deterministic', false),
    input: inputKind(doc),
    pathParams: [],
    errorBound: declaredBound(doc, flag(doc, 'lossless')),
    raw: doc,
  };
}

/** A built-in codec, picked from the engine's `info` list. Engine codecs are deterministic by design. */
export function engineCodecInfo(doc: unknown, id: string, params: Record<string, string> = {}): CodecInfo {
  if (!isRecord(doc) || !Array.isArray(doc.codecs)) throw invalid('codecs', "the engine's info has no codecs list");
  const entry = doc.codecs.find((c): c is Record<string, unknown> => isRecord(c) && c.id === id);
  if (entry === undefined) {
    const known = doc.codecs.filter(isRecord).map((c) => String(c.id));
    throw new CaqError('CODEC_INFO_INVALID', `the engine has no codec '${id}'`, {
      field: '--engine-codec',
      hint: `known: ${known.join(', ')}`,
    });
  }
  const specs = Array.isArray(entry.params) ? entry.params.filter(isRecord) : [];
  return {
    name: id,
    version: text(entry, 'version'),
    lossless: flag(entry, 'lossless'),
    adaptive: flag(entry, 'adaptive', false),
    deterministic: true,
    input: entry.input === 'tensor' ? 'tensor' : 'bytes',
    pathParams: specs.filter((p) => p.type === 'path').map((p) => String(p.name)),
    errorBound: engineBound(entry, params, specs),
    raw: { ...entry, engine: { name: doc.name, version: doc.version } },
  };
}
