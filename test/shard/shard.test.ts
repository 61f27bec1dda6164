import { describe, expect, it } from 'vitest';
import { EngineError } from '../../mock-engine/src/errors.js';
import {
  assignShards,
  compareKeys,
  describeShard,
  parseShard,
  parseShardKey,
  readShardDescriptor,
  selectShard,
  shardKey,
} from '../../mock-engine/src/shard/index.js';

/** A matrix like a real run's: 2 bundles × 3 codecs × 5 files × 3 runs, with awkward file names. */
const CELLS = ['text_medium-1.0.0', 'image_small-1.0.0'].flatMap((bundle) =>
  ['gzip', 'alcm-h3', 'store'].flatMap((codec) =>
    ['data/a.txt', 'data/b|c.txt', 'data/100%.bin', 'data/é.txt', 'data/z/0.npy'].flatMap((file) =>
      [1, 2, 3].map((run) => ({ bundle, codec, file, run })),
    ),
  ),
);
const KEYS = CELLS.map(shardKey);

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/7')).toEqual({ index: 3, count: 7 });
    expect(parseShard(' 2/3 ')).toEqual({ index: 2, count: 3 });
  });

  it.each([
    '0/3',
    '4/3',
    '1/0',
    '-1/3',
    '1/-3',
    '1.5/3',
    '1/3/4',
    'a/3',
    '1/',
    '/3',
    '',
    '3',
    '01/3',
    '1 / 3',
    '1/99999',
  ])('rejects %j naming --shard', (text) => {
    let caught: unknown;
    try {
      parseShard(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('E_USAGE');
    expect((caught as EngineError).field).toBe('--shard');
    expect((caught as EngineError).message).toContain('--shard');
  });
});

describe('shard keys', () => {
  it('round-trip every component, including | and % in paths', () => {
    for (const cell of CELLS) expect(parseShardKey(shardKey(cell))).toEqual(cell);
    expect(parseShardKey(shardKey({ bundle: 'b-1', codec: 'gzip', file: 'x%7C|%25' }))).toEqual({
      bundle: 'b-1',
      codec: 'gzip',
      file: 'x%7C|%25',
    });
    expect(shardKey({ bundle: 'b-1', codec: 'gzip', file: 'data/a.txt' })).toBe('b-1|gzip|data/a.txt');
  });

  it('rejects malformed keys and run numbers', () => {
    for (const key of ['a|b', 'a|b|c|d|e', '|b|c', 'a|b|c|0', 'a|b|c|x'])
      expect(() => parseShardKey(key)).toThrow(EngineError);
    expect(() => shardKey({ bundle: 'b', codec: 'c', file: 'f', run: 0 })).toThrow(EngineError);
  });

  it('compare byte-wise (UTF-8), not by UTF-16 code units', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    expect(compareKeys('\u{ff5e}', '\u{1f600}')).toBeLessThan(0);
    expect('\u{ff5e}' < '\u{1f600}').toBe(false);
  });
});

describe('selectShard', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('puts every key in exactly one of %i shards', (count) => {
    const owners = new Map<string, number[]>();
    for (let index = 1; index <= count; index++) {
      for (const key of selectShard(KEYS, (k) => k, { index, count }))
        owners.set(key, [...(owners.get(key) ?? []), index]);
    }
    expect([...owners.keys()].sort()).toEqual([...KEYS].sort());
    for (const held of owners.values()) expect(held).toHaveLength(1);
    // Round-robin over the sorted keys: shard sizes differ by at most one.
    const sizes = Array.from({ length: count }, (_, i) => selectShard(KEYS, (k) => k, { index: i + 1, count }).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('deals the byte-wise sorted keys out round-robin, whatever order they come in', () => {
    const sorted = [...KEYS].sort(compareKeys);
    const shuffled = [...KEYS].reverse();
    const assigned = assignShards(shuffled, 3);
    sorted.forEach((key, position) => expect(assigned.get(key)).toBe((position % 3) + 1));
    const a = selectShard(KEYS, (k) => k, { index: 2, count: 3 });
    const b = selectShard(shuffled, (k) => k, { index: 2, count: 3 });
    expect(new Set(a)).toEqual(new Set(b));
  });

  it('keeps the items in the order given and works on any item type', () => {
    const picked = selectShard(CELLS, shardKey, { index: 1, count: 4 });
    const positions = picked.map((cell) => CELLS.indexOf(cell));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(picked.length).toBeGreaterThan(0);
  });

  it('refuses a matrix with a duplicate key', () => {
    expect(() => selectShard(['a|b|c', 'a|b|c'], (k) => k, { index: 1, count: 2 })).toThrow(/twice/);
  });
});

describe('shard descriptors', () => {
  it('describe the keys of a shard in matrix order and read back', () => {
    const d = describeShard(KEYS, { index: 2, count: 3 });
    expect(d.keys).toEqual(KEYS.filter((k) => selectShard(KEYS, (x) => x, { index: 2, count: 3 }).includes(k)));
    expect(d.matrix).toEqual(KEYS);
    expect(readShardDescriptor(JSON.parse(JSON.stringify(d)), 'x.json')).toEqual(d);
  });

  it.each([
    ['a number', 3],
    ['index beyond count', { index: 4, count: 3, keys: [], matrix: ['a|b|c'] }],
    ['key outside the matrix', { index: 1, count: 1, keys: ['a|b|d'], matrix: ['a|b|c'] }],
    ['key twice', { index: 1, count: 1, keys: ['a|b|c', 'a|b|c'], matrix: ['a|b|c'] }],
    ['empty matrix', { index: 1, count: 1, keys: [], matrix: [] }],
  ])('reject %s', (_what, value) => {
    expect(() => readShardDescriptor(value, 'x.json')).toThrow(EngineError);
  });
});
