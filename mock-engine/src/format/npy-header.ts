/**
 * The Python-literal dict in a .npy header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (100, 100), }`.
 * numpy writes it with `repr`, so a tiny parser for strings, booleans, ints,
 * tuples, lists and dicts reads every header numpy produces; anything else is
 * reported rather than guessed at.
 */
import { EngineError } from '../errors.js';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export function parsePyLiteral(text: string, file?: string): PyValue {
  let pos = 0;
  const fail = (what: string): never => {
    throw new EngineError('E_BAD_NPY', `malformed .npy header: ${what} at offset ${pos}`, {
      file,
      hint: 'the header must be the Python dict numpy.save writes',
    });
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos += 1;
  };
  const value = (): PyValue => {
    skipSpace();
    const c = text[pos];
    if (c === "'" || c === '"') return str(c);
    if (c === '{') return dict();
    if (c === '(' || c === '[') return seq(c === '(' ? ')' : ']');
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos));
    if (word === null) return fail('unexpected token');
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number.parseInt(word[0], 10);
  };
  const str = (quote: string): string => {
    const end = text.indexOf(quote, pos + 1);
    if (end < 0) fail('unterminated string');
    const s = text.slice(pos + 1, end);
    pos = end + 1;
    return s;
  };
  const seq = (close: string): PyValue[] => {
    pos += 1;
    const items: PyValue[] = [];
    for (;;) {
      skipSpace();
      if (text[pos] === close) break;
      items.push(value());
      skipSpace();
      if (text[pos] === ',') pos += 1;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
    pos += 1;
    return items;
  };
  const dict = (): { [key: string]: PyValue } => {
    pos += 1;
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      skipSpace();
      if (text[pos] === '}') break;
      const key = value();
      if (typeof key !== 'string') fail('dict key is not a string');
      skipSpace();
      if (text[pos] !== ':') fail("expected ':'");
      pos += 1;
      out[key as string] = value();
      skipSpace();
      if (text[pos] === ',') pos += 1;
      else if (text[pos] !== '}') fail("expected ',' or '}'");
    }
    pos += 1;
    return out;
  };
  const result = value();
  skipSpace();
  if (pos !== text.length) fail('trailing characters');
  return result;
}

/** Python's `repr` of a shape tuple: `()`, `(5,)`, `(100, 100)`. */
export function reprShape(shape: number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}
