import { describe, expect, it } from 'vitest';
import { parseChecksumList } from '../../harness/src/verify/checksum-list.js';
import { normaliseEntryPath, unsafePathReason } from '../../harness/src/verify/path-safety.js';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);
const parse = (text: string) => parseChecksumList('SHA256SUMS', Buffer.from(text));
const codes = (text: string) => parse(text).findings.map((f) => f.code);

describe('checksum list parsing', () => {
  it('reads text and binary modes, ./ prefixes and upper-case hex', () => {
    const list = parse(`${A}  data/x.txt\n${B} *./bin/y\n`);
    expect(list.findings).toEqual([]);
    expect([...list.entries]).toEqual([
      ['data/x.txt', A],
      ['bin/y', 'b'.repeat(64)],
    ]);
  });

  it('accepts a last line without newline, as sha256sum -c does', () => {
    expect(parse(`${A}  x`).entries.get('x')).toBe(A);
  });

  it('reports an empty file', () => {
    const list = parse('');
    expect(list.findings).toHaveLength(1);
    expect(list.findings[0]?.message).toMatch(/empty/);
  });

  it.each([
    ['a short digest', `${'a'.repeat(63)}  x\n`],
    ['one space only', `${A} x\n`],
    ['no path', `${A}  \n`],
    ['a blank line', `${A}  x\n\n${A}  y\n`],
    ['non-hex digits', `${'g'.repeat(64)}  x\n`],
    ['a BSD-style tag line', `SHA256 (x) = ${A}\n`],
  ])('reports %s as malformed, naming the line', (_label, text) => {
    const list = parse(text);
    expect(list.findings.map((f) => f.code)).toContain('VERIFY_CHECKSUMS_MALFORMED');
    expect(list.findings.some((f) => /line \d/.test(f.message))).toBe(true);
  });

  it('reports a path listed twice, even when one has ./', () => {
    const list = parse(`${A}  x\n${A}  ./x\n`);
    expect(list.findings.map((f) => f.code)).toEqual(['VERIFY_CHECKSUMS_MALFORMED']);
    expect(list.findings[0]?.message).toMatch(/line 2 .*second time/);
  });

  it('reports CRLF once but still reads the entries', () => {
    const list = parse(`${A}  x\r\n${A}  y\r\n`);
    expect(list.findings.map((f) => f.message)).toEqual([expect.stringMatching(/CRLF/)]);
    expect([...list.entries.keys()]).toEqual(['x', 'y']);
  });

  it('reports text that is not UTF-8', () => {
    expect(parseChecksumList('S', Buffer.from([0xff, 0xfe, 0x0a])).findings[0]?.message).toMatch(/UTF-8/);
  });

  it('refuses unsafe listed paths instead of reading them', () => {
    const list = parse(`${A}  ../etc/passwd\n${A}  /etc/shadow\n${A}  a//b\n${A}  ok\n`);
    expect(list.findings.map((f) => f.code)).toEqual([
      'VERIFY_UNSAFE_ENTRY',
      'VERIFY_UNSAFE_ENTRY',
      'VERIFY_UNSAFE_ENTRY',
    ]);
    expect([...list.entries.keys()]).toEqual(['ok']);
  });

  it("unescapes coreutils' backslash form", () => {
    expect([...parse(`\\${A}  new\\nline\n`).entries.keys()]).toEqual(['new\nline']);
    // An escaped backslash is a Windows separator once unescaped: refused like '..'.
    expect(codes(`\\${A}  a\\\\..\\\\x\n`)).toEqual(['VERIFY_UNSAFE_ENTRY']);
  });
});

describe('path safety', () => {
  it.each([
    ['/etc/passwd', 'absolute path'],
    ['../x', "'..' segment"],
    ['a/../../x', "'..' segment"],
    ['a//b', "empty or '.' segment"],
    ['a/./b', "empty or '.' segment"],
    ['C:/x', 'drive-letter path'],
    ['a\\..\\x', 'backslash in path'],
    ['a\0b', 'NUL byte in path'],
    ['', 'empty path'],
  ])('%j is unsafe: %s', (path, reason) => {
    expect(unsafePathReason(path)).toBe(reason);
  });

  it.each(['data/x.txt', 'README.md', '.hidden', 'a..b/c'])('%j is fine', (path) => {
    expect(unsafePathReason(path)).toBeNull();
  });

  it('drops ./ prefixes and trailing slashes only', () => {
    expect(normaliseEntryPath('././a/b/')).toBe('a/b');
    expect(normaliseEntryPath('/abs/')).toBe('/abs');
  });
});
