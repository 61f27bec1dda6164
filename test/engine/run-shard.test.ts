import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShards, type ShardResults } from '../../harness/src/merge/index.js';
import type { Results } from '../../mock-engine/src/results.js';
import { runManifest } from '../../mock-engine/src/run/index.js';
import { bundleId, shardKey } from '../../mock-engine/src/shard/index.js';
import { writeBundle } from './bundle-fixture.js';
import { tempDir } from './helpers.js';

/** Every figure that must not depend on the machine or the load. */
function deterministic(r: Results): unknown {
  return {
    bundle: r.bundle,
    protocol: r.protocol,
    workload: r.reference.workload,
    codecs: r.codecs.map((c) => ({
      ...c,
      files: c.files.map(
        ({
          encode_cpu_s: _e,
          decode_cpu_s: _d,
          encode_ref_cpu_s: _re,
          decode_ref_cpu_s: _rd,
          cpu_s: _c,
          cpu_ref_units: _u,
          caq: _q,
          ...rest
        }) => rest,
      ),
      aggregate: {
        ...c.aggregate,
        cpu_s: undefined,
        cpu_ref_units: undefined,
        caq: undefined,
        mean_file_caq: undefined,
      },
    })),
  };
}

describe('run --shard i/n', () => {
  let manifest: string;
  let whole: Results;
  let shards: Results[];
  beforeAll(async () => {
    manifest = writeBundle(tempDir(), [
      { codec: 'store', params: {} },
      { codec: 'gzip', params: { level: 6 } },
      { codec: 'npz', params: {} },
    ]);
    whole = await runManifest(manifest, { runs: 1, warmup: 0 });
    shards = [];
    for (let index = 1; index <= 3; index += 1)
      shards.push(await runManifest(manifest, { runs: 1, warmup: 0, shard: { index, count: 3 } }));
  });

  it('describes the whole matrix in manifest order and takes a disjoint slice of it', () => {
    const bundle = bundleId(whole.bundle);
    const matrix = whole.codecs.flatMap((c) => c.files.map((f) => shardKey({ bundle, codec: c.codec, file: f.file })));
    expect(matrix).toHaveLength(10);
    for (const s of shards) {
      expect(s.shard?.matrix).toEqual(matrix);
      expect(s.protocol).toEqual(whole.protocol);
      const held = s.codecs.flatMap((c) => c.files.map((f) => shardKey({ bundle, codec: c.codec, file: f.file })));
      expect(held).toEqual(s.shard?.keys);
      // Codecs with no cell in this shard are left out, never listed empty.
      expect(s.codecs.every((c) => c.files.length > 0)).toBe(true);
    }
    expect(shards.flatMap((s) => s.shard!.keys).sort()).toEqual([...matrix].sort());
    expect(whole.shard).toBeUndefined();
  });

  it('merged from 3 shards equals the unsharded run on every deterministic figure', () => {
    const { merged } = mergeShards(
      shards.map((results, i) => ({ file: `shard-${i + 1}.json`, results: results as ShardResults })),
    );
    expect(deterministic(merged)).toEqual(deterministic(whole));
    // The merged reference block is gathered from the merged files, as `run` gathers it.
    expect(merged.reference.cpu_s.samples).toHaveLength(whole.reference.cpu_s.samples.length);
  });

  it('runs a shard that gets no cell, with no codecs', async () => {
    const empty = await runManifest(manifest, { runs: 1, warmup: 0, codecs: ['npz'], shard: { index: 3, count: 3 } });
    expect(empty.codecs).toEqual([]);
    expect(empty.shard).toMatchObject({ index: 3, count: 3, keys: [] });
    expect(empty.reference.cpu_s.samples).toEqual([]);
  });
});
