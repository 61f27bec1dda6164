import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../mock-engine/src/compare/index.js';
import type { Results } from '../../mock-engine/src/results.js';
import { judgeStability } from '../../mock-engine/src/metrics/stability.js';
import { aggregate } from '../../mock-engine/src/run/aggregate.js';
import { referenceTiming } from '../../mock-engine/src/run/reference-timing.js';
import { command } from '../../harness/src/cli/commands/merge.js';
import { mergeShardFiles, mergeShards } from '../../harness/src/merge/index.js';
import { fixtureRun } from './fixture-run.js';
import { splitResults } from './split.js';

let unsharded: Results;
let dir: string;

beforeAll(async () => {
  const run = await fixtureRun(2);
  dir = run.dir;
  unsharded = run.results;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const asInputs = (shards: ReturnType<typeof splitResults>): Parameters<typeof mergeShards>[0] =>
  shards.map((results, i) => ({ file: `shard-${i + 1}.json`, results }));

/** Every figure that must not depend on the machine: sizes, ratios, digests, round trips, distortion, extras. */
function deterministic(r: Results): unknown {
  return r.codecs.map((c) => ({
    codec: c.codec,
    params: c.params,
    files: c.files.map((f) => ({
      ...f,
      encode_cpu_s: undefined,
      decode_cpu_s: undefined,
      cpu_s: undefined,
      caq: undefined,
    })),
    aggregate: { ...c.aggregate, cpu_s: undefined, caq: undefined, mean_file_caq: undefined },
  }));
}

describe('merge of a real run split into shards', () => {
  it('the fixture run covers every codec, a lossy one and a path with | and %', () => {
    expect(unsharded.codecs.map((c) => c.codec)).toEqual(['store', 'gzip', 'npz', 'alcm-h3', 'deflate']);
    expect(unsharded.codecs.find((c) => c.codec === 'alcm-h3')?.files[0]?.distortion).not.toBeNull();
    expect(unsharded.codecs[0]?.files.map((f) => f.file)).toContain('data/b|odd%name.txt');
  });

  it.each([
    ['codec × file', false],
    ['codec × file × run', true],
  ])('3 shards cut by %s merge back to the unsharded results', (_what, byRun) => {
    const shards = splitResults(unsharded, 3, byRun);
    // Each shard really is a part: none holds every sample.
    const samples = (r: Results): number =>
      r.codecs.reduce((n, c) => n + c.files.reduce((m, f) => m + f.encode_cpu_s.samples.length, 0), 0);
    for (const s of shards) expect(samples(s)).toBeLessThan(samples(unsharded));
    const { merged, warnings } = mergeShards(asInputs(shards.reverse()));
    expect(deterministic(merged)).toEqual(deterministic(unsharded));
    // CPU figures too: whole cells are copied, runs re-joined in run order, aggregates recomputed the engine's way.
    expect(merged).toEqual(unsharded);
    expect(warnings).toEqual([]);
    const comparison = compareResults(merged, unsharded, { tolerance: 0, gateCpu: true });
    expect(comparison.pass).toBe(true);
  });

  it.each([1, 2, 4, 7])('merges %i shards', (count) => {
    expect(mergeShards(asInputs(splitResults(unsharded, count))).merged).toEqual(unsharded);
  });

  it('merges shards that got no cell at all (more shards than cells)', () => {
    const small: Results = {
      ...unsharded,
      codecs: [{ ...unsharded.codecs[1]!, files: unsharded.codecs[1]!.files.slice(0, 2) }],
    };
    small.codecs[0]!.aggregate = aggregate(small.codecs[0]!.files);
    const { threshold, remeasured } = unsharded.codecs[1]!.stability!;
    small.codecs[0]!.stability = judgeStability(small.codecs[0]!.files, threshold, remeasured);
    small.reference = referenceTiming(small.codecs);
    const shards = splitResults(small, 3);
    expect(shards[2]!.codecs).toEqual([]);
    expect(shards[2]!.shard.keys).toEqual([]);
    expect(mergeShards(asInputs(shards)).merged).toEqual(small);
  });

  it('warns, without refusing, when shards ran on different machines', () => {
    const shards = splitResults(unsharded, 3);
    shards[1]!.environment = { ...shards[1]!.environment, cpu_model: 'Other CPU', cores: 64 };
    const { merged, warnings } = mergeShards(asInputs(shards));
    expect(merged.environment).toEqual(unsharded.environment);
    expect(warnings.join('\n')).toMatch(/2 different machines[\s\S]*Other CPU ×64/);
  });
});

describe('caqbench merge (command)', () => {
  it('writes the merged results from shard files, as canonical JSON', async () => {
    const work = mkdtempSync(join(tmpdir(), 'caq-merge-cli-'));
    try {
      splitResults(unsharded, 3).forEach((s, i) => writeFileSync(join(work, `s${i + 1}.json`), JSON.stringify(s)));
      const out: string[] = [];
      const io = {
        stdout: (t: string) => out.push(t),
        stderr: (t: string) => out.push(t),
        interactive: false,
        env: {},
        cwd: work,
      };
      const status = await command.run(['--out', 'merged.json', 's1.json', 's2.json', 's3.json'], io);
      expect(status).toBe(0);
      expect(out.join('')).toContain('merged 3 shard(s) of merge_fixture-1.0.0');
      const text = readFileSync(join(work, 'merged.json'), 'utf8');
      expect(JSON.parse(text)).toEqual(unsharded);
      expect(text.endsWith('}\n')).toBe(true);
      const again = await mergeShardFiles(['s3.json', 's1.json', 's2.json'], 'again.json', work);
      expect(again.keys).toBe(unsharded.codecs.reduce((n, c) => n + c.files.length, 0));
      expect(readFileSync(join(work, 'again.json'), 'utf8')).toBe(text);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('needs --out and shard files', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined, interactive: false, env: {}, cwd: dir };
    await expect(command.run(['a.json'], io)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(command.run(['--out', 'x.json'], io)).rejects.toMatchObject({ code: 'USAGE' });
  });
});
