/**
 * The project's one canonical JSON: object keys sorted by UTF-16 code unit at
 * every level, so equal values always give equal bytes. Two layouts of the same
 * form: compact (RFC 8785 / JCS: container headers, content digests, identity
 * keys) and two-space indented with a final newline (files people read, whose
 * SHA-256 is a bundle digest). Serialised by hand because `JSON.stringify`
 * moves integer-like keys ("10", "9") to the front whatever order they came in.
 * A value JSON cannot hold (NaN, Infinity, undefined in an array, a function,
 * a bigint) is refused rather than written as something else; an `undefined`
 * property is left out, as JSON.stringify does.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function scalar(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  throw new TypeError(`canonical JSON cannot hold a${typeof value === 'undefined' ? 'n' : ''} ${typeof value}`);
}

function serialise(value: unknown, indent: string | null): string {
  if (value === null || typeof value !== 'object') return scalar(value);
  const inner = indent === null ? null : `${indent}  `;
  const [open, sep, close] = inner === null ? ['', ',', ''] : [`\n${inner}`, `,\n${inner}`, `\n${indent}`];
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[${open}${value.map((v) => serialise(v, inner)).join(sep)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  const colon = inner === null ? ':' : ': ';
  return `{${open}${keys.map((k) => `${JSON.stringify(k)}${colon}${serialise(record[k], inner)}`).join(sep)}${close}}`;
}

/** Compact canonical JSON (RFC 8785): re-indenting or re-ordering a file keeps its digest. */
export function canonicalJson(value: unknown): string {
  return serialise(value, null);
}

/** Indented canonical JSON with a final newline, for files people read. */
export function canonicalJsonFile(value: unknown): string {
  return `${serialise(value, '')}\n`;
}
