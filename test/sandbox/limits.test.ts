import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitHit } from '../../harness/src/sandbox/limit-failure.js';
import { parseByteSize, parseProcCount } from '../../harness/src/sandbox/limits.js';
import type { TimedCall } from '../../harness/src/timing/types.js';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { makeTestBundle, writeCodec, type TestBundle } from '../submit/fixtures.js';

let bundle: TestBundle;
let codecs: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose'] });
  codecs = await mkdtemp(join(tmpdir(), 'caqbench-limits-'));
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(codecs, { recursive: true, force: true });
});

const info = { name: 'greedy', version: '1', lossless: true };

async function submitWith(body: string, sandbox: { maxMemoryBytes?: number; maxProcs?: number }) {
  const codec = await writeCodec(codecs, `c${Math.random().toString(36).slice(2)}`, info, body);
  const s = await runSubmission({
    bundle: bundle.dir,
    codec: { kind: 'command', argv: [codec] },
    submitter: 't',
    runs: 1,
    warmup: 0,
    referenceWorkload: false,
    unstableThreshold: 100,
    sandbox,
  });
  return { sandbox: s.sandbox, failure: s.runs[0]!.files[0]!.failure };
}

describe('the limits of a sealed call', () => {
  it('a codec that allocates past --max-memory is a memory-limit failure row', async () => {
    const { sandbox, failure } = await submitWith(
      `  compress) python3 -c 'bytearray(512 << 20)' ;;\n  decompress) exec cat -- "$2" > "$3" ;;`,
      { maxMemoryBytes: 64 << 20 },
    );
    expect(sandbox?.limits.max_memory_bytes).toBe(64 << 20);
    expect(failure).toMatchObject({ reason: 'memory-limit', stage: 'compress' });
    expect(failure!.detail).toContain('64 MiB');
  }, 120_000);

  it('the same codec under the default limit allocates and fails for its own reason', async () => {
    const { failure } = await submitWith(
      `  compress) python3 -c 'bytearray(512 << 20)'; exit 3 ;;\n  decompress) exec cat -- "$2" > "$3" ;;`,
      {},
    );
    expect(failure).toMatchObject({ reason: 'nonzero-exit' });
  }, 120_000);

  it('a codec that forks past --max-procs is a process-limit failure row', async () => {
    const forks = 'import os, time\\nfor i in range(64):\\n    if os.fork() == 0:\\n        time.sleep(5); os._exit(0)';
    const { sandbox, failure } = await submitWith(
      `  compress) printf '${forks}' | python3 ;;\n  decompress) exec cat -- "$2" > "$3" ;;`,
      { maxProcs: 8 },
    );
    expect(sandbox?.limits.max_procs).toBe(8);
    expect(failure).toMatchObject({ reason: 'process-limit', stage: 'compress' });
    expect(failure!.detail).toContain('limit of 8');
  }, 120_000);
});

describe('limit options', () => {
  it('reads sizes in bytes or binary units and refuses the rest', () => {
    expect(parseByteSize('512M', '--max-memory')).toBe(512 << 20);
    expect(parseByteSize('4GiB', '--max-memory')).toBe(4 * 1024 ** 3);
    expect(parseByteSize('2097152', '--max-memory')).toBe(2 << 20);
    for (const bad of ['', '0', '-1G', '1.5G', 'lots', '100K'])
      expect(() => parseByteSize(bad, '--max-memory')).toThrow(/--max-memory/);
    expect(parseProcCount('16', '--max-procs')).toBe(16);
    for (const bad of ['0', '-3', 'x', '1e3']) expect(() => parseProcCount(bad, '--max-procs')).toThrow(/--max-procs/);
  });
});

describe('which limit a failed call hit', () => {
  const limits = { maxMemoryBytes: 64 << 20, maxProcs: 8 };
  const call = (over: Partial<TimedCall>): TimedCall => ({
    argv: ['c'],
    exitCode: 1,
    signal: null,
    timedOut: false,
    execError: null,
    stdoutTail: '',
    stderrTail: '',
    stdoutBytes: 0,
    stderrBytes: 0,
    timing: { cpu_s: 0, user_s: 0, sys_s: 0, wall_s: 0, peak_rss_kb: 0 },
    ...over,
  });

  it('reads it from what the codec said when it failed', () => {
    expect(limitHit(call({ stderrTail: 'xz: Cannot allocate memory' }), limits)?.reason).toBe('memory-limit');
    expect(
      limitHit(
        call({
          exitCode: null,
          signal: 'SIGABRT',
          stderrTail: "terminate called after throwing an instance of 'std::bad_alloc'",
        }),
        limits,
      )?.reason,
    ).toBe('memory-limit');
    expect(limitHit(call({ stderrTail: 'bash: fork: Resource temporarily unavailable' }), limits)?.reason).toBe(
      'process-limit',
    );
  });

  it('names none for a success, a timeout, an unrelated failure, or a process limit not in force', () => {
    expect(limitHit(call({ exitCode: 0, stderrTail: 'out of memory? no' }), limits)).toBeNull();
    expect(limitHit(call({ timedOut: true, stderrTail: 'Cannot allocate memory' }), limits)).toBeNull();
    expect(limitHit(call({ stderrTail: 'corrupt input' }), limits)).toBeNull();
    expect(
      limitHit(call({ stderrTail: 'fork: Resource temporarily unavailable' }), { ...limits, maxProcs: null }),
    ).toBeNull();
  });
});
