/**
 * The bundle's JSON files (bundle.json, expected/results.json) are written with
 * keys sorted by code unit at every level, two-space indentation and a final
 * newline: equal content always gives equal bytes, and the bundle digest is the
 * SHA-256 of these bytes. Serialised by hand because `JSON.stringify` moves
 * integer-like keys ("10", "9") to the front whatever order they were added in.
 */
function serialise(value: unknown, indent: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + serialise(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.length === 0) return '{}';
    const rows = keys.map((k) => `${inner}${JSON.stringify(k)}: ${serialise((value as Record<string, unknown>)[k], inner)}`);
    return `{\n${rows.join(',\n')}\n${indent}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

export function canonicalJson(value: unknown): string {
  return `${serialise(value, '')}\n`;
}
