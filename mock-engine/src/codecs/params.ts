/**
 * Codec parameters from the command line (strings) or a manifest (JSON
 * scalars): checked against the codec's specs, completed with defaults, and
 * `path` parameters resolved against the bundle folder.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Codec, CodecParamSpec, CodecParams, ParamValue } from '../codec.js';
import { EngineError } from '../errors.js';

function badParam(codec: Codec, spec: CodecParamSpec, value: ParamValue, why: string): EngineError {
  return new EngineError(
    'E_BAD_PARAM',
    `parameter '${spec.name}' of codec '${codec.id}' ${why} (got ${JSON.stringify(value)})`,
    {
      field: spec.name,
      hint: spec.description,
    },
  );
}

function convert(codec: Codec, spec: CodecParamSpec, value: ParamValue, baseDir: string): ParamValue {
  const text = String(value);
  switch (spec.type) {
    case 'int':
    case 'number': {
      const n = typeof value === 'number' ? value : /^\s*$/.test(text) ? NaN : Number(text);
      if (!Number.isFinite(n) || typeof value === 'boolean') throw badParam(codec, spec, value, 'must be a number');
      if (spec.type === 'int' && !Number.isSafeInteger(n)) throw badParam(codec, spec, value, 'must be an integer');
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw badParam(codec, spec, value, `must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}`);
      }
      return n;
    }
    case 'boolean':
      if (value === true || text === 'true' || text === '1') return true;
      if (value === false || text === 'false' || text === '0') return false;
      throw badParam(codec, spec, value, 'must be true or false');
    case 'string':
      if (typeof value !== 'string') throw badParam(codec, spec, value, 'must be a string');
      if (spec.choices !== undefined && !spec.choices.includes(value)) {
        throw badParam(codec, spec, value, `must be one of ${spec.choices.join(', ')}`);
      }
      return value;
    case 'path': {
      if (typeof value !== 'string' || value === '') throw badParam(codec, spec, value, 'must be a file path');
      const path = isAbsolute(value) ? value : resolve(baseDir, value);
      if (!statSync(path, { throwIfNoEntry: false })?.isFile()) {
        throw new EngineError('E_BAD_PARAM', `parameter '${spec.name}' of codec '${codec.id}' names a missing file`, {
          file: path,
          field: spec.name,
        });
      }
      return path;
    }
  }
}

export function resolveParams(
  codec: Codec,
  raw: Record<string, ParamValue>,
  baseDir: string = process.cwd(),
): CodecParams {
  const out: CodecParams = {};
  for (const name of Object.keys(raw)) {
    if (!codec.params.some((p) => p.name === name)) {
      const known = codec.params.map((p) => p.name);
      throw new EngineError('E_BAD_PARAM', `codec '${codec.id}' has no parameter '${name}'`, {
        field: name,
        hint: known.length > 0 ? `its parameters: ${known.join(', ')}` : `'${codec.id}' takes no parameters`,
      });
    }
  }
  for (const spec of codec.params) {
    const value = raw[spec.name];
    if (value !== undefined) out[spec.name] = convert(codec, spec, value, baseDir);
    else if (spec.default !== undefined) out[spec.name] = spec.default;
  }
  return out;
}

/**
 * What a container records: the resolved parameters with each `path` replaced
 * by `sha256:<hex>` of the file's content, so the compressed bytes name the
 * exact weights used and do not depend on where the bundle was unpacked.
 */
export function recordableParams(codec: Codec, params: CodecParams): CodecParams {
  const out: CodecParams = { ...params };
  for (const spec of codec.params) {
    const value = params[spec.name];
    if (spec.type === 'path' && typeof value === 'string') {
      out[spec.name] = `sha256:${createHash('sha256').update(readFileSync(value)).digest('hex')}`;
    }
  }
  return out;
}

/** What results.json shows: resolved values, but `path` parameters as written (relative), not as resolved here. */
export function shownParams(codec: Codec, raw: Record<string, ParamValue>, params: CodecParams): CodecParams {
  const out: CodecParams = { ...params };
  for (const spec of codec.params) {
    const value = raw[spec.name];
    if (spec.type === 'path' && value !== undefined) out[spec.name] = value;
  }
  return out;
}
