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
  if (typeof v !== 'string' || v.trim() === '') throw invalid(key, `'${key}' must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

function flag(doc: Record<string, unknown>, key: string, fallback?: boolean): boolean {
  const v = doc[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') throw invalid(key, `'${key}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
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
    input: 'bytes',
    pathParams: [],
    raw: doc,
  };
}

/** A built-in codec, picked from the engine's `info` list. Engine codecs are deterministic by design. */
export function engineCodecInfo(doc: unknown, id: string): CodecInfo {
  if (!isRecord(doc) || !Array.isArray(doc.codecs)) throw invalid('codecs', "the engine's info has no codecs list");
  const entry = doc.codecs.find((c): c is Record<string, unknown> => isRecord(c) && c.id === id);
  if (entry === undefined) {
    const known = doc.codecs.filter(isRecord).map((c) => String(c.id));
    throw new CaqError('CODEC_INFO_INVALID', `the engine has no codec '${id}'`, { field: '--engine-codec', hint: `known: ${known.join(', ')}` });
  }
  const params = Array.isArray(entry.params) ? entry.params.filter(isRecord) : [];
  return {
    name: id,
    version: text(entry, 'version'),
    lossless: flag(entry, 'lossless'),
    adaptive: flag(entry, 'adaptive', false),
    deterministic: true,
    input: entry.input === 'tensor' ? 'tensor' : 'bytes',
    pathParams: params.filter((p) => p.type === 'path').map((p) => String(p.name)),
    raw: { ...entry, engine: { name: doc.name, version: doc.version } },
  };
}
