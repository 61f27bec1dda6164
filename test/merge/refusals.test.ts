import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../mock-engine/src/results.js';
import { exitStatusFor, CaqError } from '../../harness/src/errors.js';
import { mergeShardFiles, mergeShards, type ShardResults } from '../../harness/src/merge/index.js';
import { bundleId, parseShardKey, shardKey } from '../../mock-engine/src/shard/index.js';
import { fixtureRun } from './fixture-run.js';
import { shardOf, splitResults } from './split.js';

let unsharded: Results;
let dir: string;

beforeAll(async () => {
  const run = await fixtureRun(1);
  dir = run.dir;
  unsharded = run.results;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CaqError a merge of these shards throws (named shard-1.json …). */
function refusal(shards: ShardResults[]): CaqError {
  try {
    mergeShards(shards.map((results, i) => ({ file: `shard-${i + 1}.json`, results })));
  } catch (error) {
    if (error instanceof CaqError) return error;
    throw error;
  }
  throw new Error('the merge was not refused');
}

const literally = (text: string): RegExp => new RegExp(text.replace(/[|.%\\^$*+?()[\]{}]/g, '\\$&'));

/** Removes a key's results from a shard, leaving its descriptor alone. */
function dropResults(shard: ShardResults, key: string): void {
  const cell = parseShardKey(key);
  for (const c of shard.codecs) if (c.codec === cell.codec) c.files = c.files.filter((f) => f.file !== cell.file);
  shard.codecs = shard.codecs.filter((c) => c.files.length > 0);
}

function expectConflict(shards: ShardResults[], ...patterns: RegExp[]): void {
  const error = refusal(shards);
  expect(error.code).toBe('MERGE_CONFLICT');
  expect(exitStatusFor(error.code)).toBe(80);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
}

describe('merge refuses', () => {
  it('overlapping shards, naming both files and the shared keys', () => {
    const shards = splitResults(unsharded, 3);
    const stolen = shards[0]!.shard.keys[0]!;
    const donor = shardOf(unsharded, { index: 1, count: 3 });
    // Shard 2 also claims (and holds) the first key of shard 1.
    const codec = donor.codecs[0]!;
    shards[1]!.codecs.unshift({ ...codec, files: [codec.files[0]!] });
    shards[1]!.shard.keys.unshift(stolen);
    expectConflict(
      shards,
      /overlapping shards: 1 key in both shard 1\/3 \(shard-1\.json\) and shard 2\/3 \(shard-2\.json\)/,
      literally(stolen),
    );
  });

  it('a missing shard', () => {
    const shards = splitResults(unsharded, 3);
    expectConflict([shards[0]!, shards[2]!], /missing shard 2\/3/, /keys? of the matrix in no shard/);
  });

  it('the same shard given twice', () => {
    const shards = splitResults(unsharded, 3);
    expectConflict([...shards, structuredClone(shards[1]!)], /shard 2\/3 is given 2 times/, /overlapping shards/);
  });

  it('a key of the declared matrix in no shard', () => {
    const shards = splitResults(unsharded, 3);
    const dropped = shards[2]!.shard.keys.pop()!;
    dropResults(shards[2]!, dropped);
    expectConflict(shards, /1 key of the matrix in no shard/, literally(dropped));
  });

  it('shards of different bundle digests', () => {
    const shards = splitResults(unsharded, 3);
    shards[2]!.bundle = { ...shards[2]!.bundle, manifest_sha256: 'f'.repeat(64) };
    expectConflict(
      shards,
      /different bundle digest/,
      /f{64} in shard-3\.json/,
      new RegExp(`${unsharded.bundle.manifest_sha256} in shard-1\\.json, shard-2\\.json`),
    );
  });

  it('different shard counts', () => {
    const three = splitResults(unsharded, 3);
    const two = splitResults(unsharded, 2);
    expectConflict(
      [three[0]!, three[1]!, two[1]!],
      /different shard count: 3 in shard-1\.json, shard-2\.json; 2 in shard-3\.json/,
    );
  });

  it('different engine versions and protocols', () => {
    const shards = splitResults(unsharded, 3);
    shards[1]!.engine = { ...shards[1]!.engine, version: '9.9.9' };
    shards[2]!.protocol = { ...shards[2]!.protocol, runs: 7 };
    expectConflict(shards, /different engine: .* 9\.9\.9 in shard-2\.json/, /different protocol: .*runs 7/);
  });

  it('shards cut from different matrices', () => {
    const shards = splitResults(unsharded, 3);
    shards[1]!.shard.matrix = shards[1]!.shard.matrix.slice(1);
    expectConflict(shards, /different matrices/);
  });

  it('a shard whose results do not match the keys it declares', () => {
    const shards = splitResults(unsharded, 3);
    const lost = shards[0]!.shard.keys[0]!;
    dropResults(shards[0]!, lost);
    const extra = shardOf(unsharded, { index: 2, count: 3 }).codecs[0]!;
    shards[0]!.codecs.push({ ...extra, codec: 'brotli', files: [extra.files[0]!] });
    const undeclared = shardKey({ bundle: bundleId(unsharded.bundle), codec: 'brotli', file: extra.files[0]!.file });
    expectConflict(
      shards,
      /shard-1\.json: declares keys it holds no results for/,
      literally(lost),
      /holds results for keys it does not declare/,
      literally(undeclared),
    );
  });

  it('runs of one cell that disagree on deterministic figures', () => {
    const twoRuns: Results = {
      ...unsharded,
      protocol: { ...unsharded.protocol, runs: 2 },
      codecs: unsharded.codecs.map((c) => ({
        ...c,
        files: c.files.map((f) => ({
          ...f,
          encode_cpu_s: { ...f.encode_cpu_s, samples: [0.001, 0.002] },
          decode_cpu_s: { ...f.decode_cpu_s, samples: [0.001, 0.002] },
          encode_ref_cpu_s: { ...f.encode_ref_cpu_s, samples: [0.001, 0.001] },
          decode_ref_cpu_s: { ...f.decode_ref_cpu_s, samples: [0.001, 0.001] },
        })),
      })),
    };
    const shards = splitResults(twoRuns, 2, true);
    expect(
      mergeShards(shards.map((results, i) => ({ file: `shard-${i + 1}.json`, results }))).merged.codecs,
    ).toHaveLength(unsharded.codecs.length);
    shards[1]!.codecs[0]!.files[0]!.compressed_sha256 = '0'.repeat(64);
    expectConflict(shards, /disagree on sizes, digest/);
  });
});

describe('merge files', () => {
  it('refuses a validation report, a non-shard and a schema failure, and writes nothing on refusal', async () => {
    const work = mkdtempSync(join(tmpdir(), 'caq-merge-refuse-'));
    try {
      const shards = splitResults(unsharded, 3);
      shards.forEach((s, i) => writeFileSync(join(work, `s${i + 1}.json`), JSON.stringify(s)));
      writeFileSync(join(work, 'report.json'), JSON.stringify({ schema: 'caqbench/report@1' }));
      writeFileSync(join(work, 'whole.json'), JSON.stringify(unsharded));
      writeFileSync(join(work, 'bad.json'), JSON.stringify({ ...shards[0], codecs: 'none' }));
      await expect(mergeShardFiles(['s1.json', 'report.json'], 'out.json', work)).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringMatching(/validation report/),
      });
      await expect(mergeShardFiles(['whole.json'], 'out.json', work)).rejects.toMatchObject({
        code: 'MERGE_CONFLICT',
        message: expect.stringMatching(/not a shard/),
      });
      await expect(mergeShardFiles(['bad.json'], 'out.json', work)).rejects.toMatchObject({
        code: 'RESULTS_INVALID',
        message: expect.stringMatching(/\/codecs/),
      });
      await expect(mergeShardFiles(['s1.json', 's3.json'], 'out.json', work)).rejects.toMatchObject({
        code: 'MERGE_CONFLICT',
        message: expect.stringMatching(/s1\.json, s3\.json: missing shard 2\/3/),
      });
      expect(existsSync(join(work, 'out.json'))).toBe(false);
      mkdirSync(join(work, 'taken'));
      await expect(mergeShardFiles(['s1.json', 's2.json', 's3.json'], 'taken', work)).rejects.toMatchObject({
        code: 'OUTPUT_UNWRITABLE',
        file: join(work, 'taken'),
        message: expect.stringMatching(/a folder is in the way \(EISDIR\)/),
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
