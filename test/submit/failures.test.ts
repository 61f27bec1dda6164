import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import type { FailureReason, Submission } from '../../harness/src/submit/types.js';
import { makeTestBundle, writeCodec, type TestBundle } from './fixtures.js';

let bundle: TestBundle;
let codecs: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose', 'noise'] });
  codecs = await mkdtemp(join(tmpdir(), 'caqbench-bad-codecs-'));
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(codecs, { recursive: true, force: true });
});

const CAT = 'exec cat -- "$2" > "$3"';

/** Each codec misbehaves on one file only (`target`), so the test also shows the other rows going on. */
const CASES: {
  name: string;
  reason: FailureReason;
  stage: string;
  target: string;
  deterministic?: boolean;
  compress?: string;
  decompress?: string;
  detail: RegExp;
  log?: RegExp;
}[] = [
  {
    name: 'crash',
    reason: 'crash',
    stage: 'compress',
    target: 'noise.bin',
    compress: 'kill -SEGV $$',
    detail: /killed by SIGSEGV/,
  },
  {
    name: 'hang',
    reason: 'timeout',
    stage: 'compress',
    target: 'noise.bin',
    compress: 'sleep 30',
    detail: /1 s timeout/,
  },
  {
    name: 'nonzero',
    reason: 'nonzero-exit',
    stage: 'decompress',
    target: 'noise.bin',
    decompress: 'echo "disk on fire" >&2; exit 3',
    detail: /status 3/,
    log: /disk on fire/,
  },
  {
    name: 'missing',
    reason: 'missing-output',
    stage: 'compress',
    target: 'noise.bin',
    compress: 'exit 0',
    detail: /without writing OUT/,
  },
  {
    name: 'oversized',
    reason: 'oversized-output',
    stage: 'compress',
    target: 'noise.bin',
    compress: 'exec head -c 5000000 /dev/zero > "$3"',
    detail: /cap/,
  },
  {
    name: 'flip',
    reason: 'roundtrip-mismatch',
    stage: 'verify',
    target: 'prose.txt',
    decompress: '{ printf X; tail -c +2 -- "$2"; } > "$3"; exit 0',
    detail: /same length, first difference at byte 0/,
  },
  {
    name: 'truncate',
    reason: 'roundtrip-mismatch',
    stage: 'verify',
    target: 'prose.txt',
    decompress: 'head -c 100 -- "$2" > "$3"; exit 0',
    detail: /restored 100 bytes of 6000 \(a truncated copy\)/,
  },
  {
    name: 'salted',
    reason: 'nondeterministic',
    stage: 'compress',
    target: 'noise.bin',
    deterministic: true,
    compress: 'cat -- "$2" > "$3"; head -c 8 /dev/urandom >> "$3"; exit 0',
    decompress: 'head -c $(( $(wc -c < "$2") - 8 )) -- "$2" > "$3"; exit 0',
    detail: /differs from the first run/,
  },
];

function rowsFor(s: Submission, file: string) {
  return s.runs.map((r) => r.files.find((f) => f.file === file)!);
}

describe('a misbehaving codec becomes failure rows, and the rest goes on', () => {
  it.each(CASES)('$name → $reason', async (c) => {
    const arm = (stage: string, special: string | undefined) =>
      `  ${stage}) case "$2" in *${c.target}*) ${special ?? CAT} ;; esac; ${CAT} ;;`;
    const path = await writeCodec(
      codecs,
      c.name,
      { name: c.name, version: '1', lossless: true, deterministic: c.deterministic ?? false },
      `${arm('compress', c.compress)}\n${arm('decompress', c.decompress)}`,
    );
    const s = await runSubmission({
      bundle: bundle.dir,
      codec: { kind: 'command', argv: [path] },
      submitter: 'test',
      // Only a change between runs can show nondeterminism; one run shows every other failure.
      runs: c.reason === 'nondeterministic' ? 2 : 1,
      warmup: 0,
      timeoutS: 1,
      maxOutputBytes: 100_000,
      // Timing is not under test here: no re-measure, no reference workload.
      unstableThreshold: 100,
      referenceWorkload: false,
    });
    expect(submissionSchemaFindings(s)).toEqual([]);
    const target = `data/${c.target}`;
    for (const [i, row] of rowsFor(s, target).entries()) {
      if (c.reason === 'nondeterministic' && i === 0) continue; // its first output is the reference
      expect(row.failure).toMatchObject({ reason: c.reason, stage: c.stage });
      expect(row.failure!.detail).toMatch(c.detail);
      if (c.log !== undefined) expect(row.failure!.log_tail).toMatch(c.log);
    }
    for (const other of bundle.dataFiles.filter((f) => f !== target)) {
      for (const row of rowsFor(s, other)) expect([row.failure, row.roundtrip]).toEqual([null, 'identical']);
    }
    expect(s.runs.at(-1)!.aggregate.failed_files).toBe(1);
  });
});
