import { listSome, type MergeProblems } from './problems.js';
import type { ShardInput } from './types.js';

/**
 * What every shard of one run must share: the bundle (its digest above all),
 * the engine, the measurement protocol and the shard count. For each, the
 * shards are grouped by value, so the message shows which files stand apart.
 */
const SHARED: Array<[what: string, of: (s: ShardInput) => string]> = [
  ['results schema', (s) => s.results.schema],
  ['bundle digest (bundle.manifest_sha256)', (s) => s.results.bundle.manifest_sha256],
  ['bundle', (s) => `${s.results.bundle.name}-${s.results.bundle.version}`],
  ['engine', (s) => `${s.results.engine.name} ${s.results.engine.version}`],
  [
    'protocol',
    (s) =>
      `runs ${s.results.protocol.runs}, warm-up ${s.results.protocol.warmup}, clock ${s.results.protocol.cpu_clock}`,
  ],
  ['shard count', (s) => String(s.results.shard.count)],
];

export function checkSharedIdentity(shards: readonly ShardInput[], problems: MergeProblems): void {
  for (const [what, of] of SHARED) {
    const groups = new Map<string, string[]>();
    for (const shard of shards) groups.set(of(shard), [...(groups.get(of(shard)) ?? []), shard.file]);
    if (groups.size < 2) continue;
    const detail = [...groups].map(([value, files]) => `${value} in ${listSome(files)}`).join('; ');
    problems.add(
      shards.map((s) => s.file),
      `different ${what}: ${detail}`,
    );
  }
}

/** Shards measured on different machines merge fine, but their CPU figures then mix machines: say so. */
export function environmentWarnings(shards: readonly ShardInput[]): string[] {
  const describe = (s: ShardInput): string => {
    const e = s.results.environment;
    return `${e.cpu_model} ×${e.cores}, ${e.os}, Node ${e.node} ${e.arch}`;
  };
  const distinct = new Set(shards.map(describe));
  if (distinct.size < 2) return [];
  return [
    `the shards ran on ${distinct.size} different machines; CPU figures mix them and the merged environment is shard ${shards[0]?.results.shard.index}'s:`,
    ...shards.map((s) => `  shard ${s.results.shard.index}/${s.results.shard.count} (${s.file}): ${describe(s)}`),
  ];
}
