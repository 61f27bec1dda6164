import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../harness/src/validate/json-error-offset.js';

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on what is JSON, and points at the first bad character', () => {
    const cases: [string, number | null][] = [
      ['{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', null],
      ['{"a":1,}', 7],
      ['[1 2]', 3],
      ['{"a": tru}', 6],
      ['"unterminated', 13],
      ['{"a":1} x', 8],
      ['01', 1],
      ['"tab\there"', 4],
    ];
    for (const [text, offset] of cases) {
      expect(jsonErrorOffset(text), text).toBe(offset);
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(parses, text).toBe(offset === null);
    }
  });
});
