import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import { submissionSchemaFindings } from '../../harness/src/submit/submission-file.js';
import { packageRoot } from '../../harness/src/fs/package-root.js';
import { makeTestBundle, type TestBundle } from './fixtures.js';

let bundle: TestBundle;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose', 'noise'] });
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
});

/** What each wrapper claims to run, invoked directly: the submission's digests must be these tools' bytes. */
const DIRECT: Record<string, string[]> = {
  gzip: ['gzip', '-n', '-9', '-c'],
  bzip2: ['bzip2', '-9', '-c'],
  xz: ['xz', '-9', '-T1', '-c'],
  zstd: ['zstd', '-19', '-T1', '-q', '-c'],
  brotli: ['brotli', '-q', '11', '-c'],
};

describe('submit drives the Debian codec CLIs through their wrappers', () => {
  it.each(Object.keys(DIRECT))(
    '%s: every file round-trips into a schema-valid submission of the real tool',
    async (tool) => {
      const s = await runSubmission({
        bundle: bundle.dir,
        codec: { kind: 'command', argv: [join(packageRoot(), 'harness', 'wrappers', tool)] },
        submitter: 'test',
        // gzip gets a second run, where its determinism claim is checked; one run shows the rest.
        runs: tool === 'gzip' ? 2 : 1,
        warmup: 0,
        unstableThreshold: 100,
        referenceWorkload: false,
      });
      expect(submissionSchemaFindings(s)).toEqual([]);
      const version = (await execa('sh', [join(packageRoot(), 'harness', 'wrappers', tool), 'info'])).stdout;
      expect(s.codec).toMatchObject({
        name: tool,
        lossless: true,
        deterministic: true,
        version: JSON.parse(version).version,
      });
      expect(s.codec.version).toMatch(/^\d+\.\d+/);
      for (const run of s.runs) {
        expect(run.files.map((f) => f.file)).toEqual(bundle.dataFiles);
        for (const row of run.files) {
          expect([row.failure, row.roundtrip]).toEqual([null, 'identical']);
          expect(row.encode!.cpu_s).toBeGreaterThan(0);
          expect(row.encode!.peak_rss_kb).toBeGreaterThan(0);
        }
      }
      for (const row of s.runs[0]!.files) {
        const direct = await execa(DIRECT[tool]![0]!, [...DIRECT[tool]!.slice(1), join(bundle.dir, row.file)], {
          encoding: 'buffer',
        });
        expect(row.compressed_sha256).toBe(createHash('sha256').update(direct.stdout).digest('hex'));
      }
      const text = s.runs[0]!.files[0]!;
      expect(text.compressed_bytes!).toBeLessThan(text.original_bytes / 2);
      expect(s.claimed.caq).toBeCloseTo(s.claimed.ratio / (s.claimed.cpu_s + 1), 2);
    },
  );
});
