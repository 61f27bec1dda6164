import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonFile } from '../../mock-engine/src/format/canonical-json.js';

describe('canonical JSON (one module for the bundle files, the container headers and the content digests)', () => {
  const value = { b: 1, a: { '10': true, '9': null, z: [{ y: 1, x: 2 }] }, gone: undefined };

  it('sorts keys by code unit at every level, integer-like keys included, in the indented file layout', () => {
    expect(canonicalJsonFile(value)).toBe(
      '{\n  "a": {\n    "10": true,\n    "9": null,\n    "z": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('writes the compact layout as RFC 8785 does', () => {
    expect(canonicalJson(value)).toBe('{"a":{"10":true,"9":null,"z":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ s: 'é\u2028"', n: 1e21, m: -0.5, e: [], o: {} })).toBe(
      '{"e":[],"m":-0.5,"n":1e+21,"o":{},"s":"é\u2028\\""}',
    );
  });

  it('refuses what JSON cannot hold, in both layouts, instead of writing something else', () => {
    for (const write of [canonicalJson, canonicalJsonFile]) {
      expect(() => write({ x: Number.NaN })).toThrow(/NaN/);
      expect(() => write([1, Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
      expect(() => write([1, undefined])).toThrow(/undefined/);
      expect(() => write({ f: () => 1 })).toThrow(/function/);
      expect(() => write(10n)).toThrow(/bigint/);
    }
  });
});
