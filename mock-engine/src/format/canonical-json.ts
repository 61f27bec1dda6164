/**
 * JSON with object keys sorted (code-unit order) at every level, so equal
 * values always serialise to equal bytes: compact for container headers,
 * two-space indented with a final newline for files (the same layout as the
 * harness's bundle JSON).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function serialise(value: unknown, indent: string | null): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent === null ? null : `${indent}  `;
  const [open, sep, close] = inner === null ? ['', ',', ''] : [`\n${inner}`, `,\n${inner}`, `\n${indent}`];
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[${open}${value.map((v) => serialise(v, inner)).join(sep)}${close}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return '{}';
  const colon = inner === null ? ':' : ': ';
  return `{${open}${keys.map((k) => `${JSON.stringify(k)}${colon}${serialise(record[k], inner)}`).join(sep)}${close}}`;
}

export function canonicalJson(value: JsonValue): string {
  return serialise(value, null);
}

/** Indented canonical JSON with a final newline, for files people read. */
export function canonicalJsonFile(value: unknown): string {
  return `${serialise(value, '')}\n`;
}
