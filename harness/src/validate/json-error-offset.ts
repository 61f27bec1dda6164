/** Thrown inside the scanner to unwind to the offset where the text stopped being JSON. */
class Stop {
  constructor(readonly at: number) {}
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * The offset of the first character where `text` stops being JSON (RFC 8259), or null
 * when it is JSON. V8's JSON.parse names a position for some errors only; a submitter
 * needs the line and column of every one.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') stop();
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !'"\\/bfnrt'.includes(e) || e === '')
          stop();
        i += e === 'u' ? 6 : 2;
      } else i++;
    }
    stop();
  };
  const sequence = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') stop();
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      return sequence('}', () => {
        ws();
        if (text[i] !== '"') stop();
        string();
        ws();
        if (text[i] !== ':') stop();
        i++;
        value();
      });
    }
    if (c === '[') return sequence(']', value);
    if (c === '"') return string();
    LITERAL.lastIndex = i;
    if (LITERAL.exec(text) === null) stop();
    i = LITERAL.lastIndex;
  };
  try {
    value();
    ws();
    if (i < text.length) stop();
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    if (error instanceof RangeError) return null; // nested too deep to scan; the parser's own message stands
    throw error;
  }
}
