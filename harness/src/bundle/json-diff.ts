/** JSON-pointer escaping of one key (RFC 6901). */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Where two JSON values differ, as `<pointer>: <a> ≠ <b>` lines, at most `limit`
 * of them: enough to say what changed without drowning the message.
 */
export function jsonDifferences(a: unknown, b: unknown, limit = 10, pointer = ''): string[] {
  const out: string[] = [];
  const visit = (x: unknown, y: unknown, at: string): void => {
    if (out.length >= limit) return;
    if (
      x !== null &&
      y !== null &&
      typeof x === 'object' &&
      typeof y === 'object' &&
      Array.isArray(x) === Array.isArray(y)
    ) {
      const keys = Array.isArray(x)
        ? Array.from({ length: Math.max(x.length, (y as unknown[]).length) }, (_, i) => String(i))
        : [...new Set([...Object.keys(x), ...Object.keys(y as object)])].sort();
      for (const k of keys) {
        visit((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}/${escapePointer(k)}`);
      }
      return;
    }
    if (!Object.is(x, y))
      out.push(`${at === '' ? '/' : at}: ${JSON.stringify(x) ?? 'absent'} ≠ ${JSON.stringify(y) ?? 'absent'}`);
  };
  visit(a, b, pointer);
  return out;
}
