import { describe, expect, it } from 'vitest';
import type { BuiltBundle } from '../../harness/src/bundle/build.js';
import { formatCheckTable } from '../../harness/src/check/format-table.js';
import { checkExitStatus, type CheckRow, verdictOf } from '../../harness/src/check/run-check.js';
import { EXIT_CODES, CaqError } from '../../harness/src/errors.js';
import type { Finding, VerifyReport } from '../../harness/src/verify/types.js';

const bundle = (name: string): BuiltBundle => ({
  name,
  version: '1.0.0',
  folder: `/d/${name}-1.0.0`,
  tarball: `/d/${name}-1.0.0.tar.gz`,
  tarballSha256: 'a',
  manifestSha256: 'b',
});
const report = (findings: Finding[] = []): VerifyReport => ({
  target: 't',
  kind: 'folder',
  manifest: 'found',
  checksumFile: 'SHA256SUMS',
  files_checked: 7,
  findings,
  notes: [],
  ok: findings.length === 0,
});
const ok = (name: string): CheckRow => ({
  name,
  bundle: bundle(name),
  buildError: null,
  verifyFolder: report(),
  verifyTarball: report(),
  canonical: { exitCode: 0, compared: 61, within: 61, failures: [], output: '' },
  pass: true,
});
const outOfTolerance = (name: string): CheckRow => ({
  ...ok(name),
  canonical: {
    exitCode: 1,
    compared: 61,
    within: 60,
    failures: [
      {
        codec: 'gzip',
        file: '(all files)',
        metric: 'caq',
        expected: 2.27,
        measured: 2.31,
        relative_difference: 0.0162,
        verdict: 'FAIL',
      },
    ],
    output: '',
  },
  pass: false,
});
const badVerify = (name: string): CheckRow => ({
  ...ok(name),
  verifyTarball: report([{ code: 'VERIFY_UNSAFE_ENTRY', path: 'x', message: 'x: symbolic link' }]),
  canonical: null,
  pass: false,
});
const crashed = (name: string): CheckRow => ({
  ...ok(name),
  canonical: { exitCode: 127, compared: null, within: null, failures: [], output: 'node: not found\n' },
  pass: false,
});
const unbuilt = (name: string): CheckRow => ({
  ...ok(name),
  bundle: null,
  buildError: new CaqError('SOURCE_DIGEST_MISMATCH', 'data.txt does not match its pinned SHA-256'),
  verifyFolder: null,
  verifyTarball: null,
  canonical: null,
  pass: false,
});

describe('check verdicts and exit status', () => {
  it('exits 0 only when every bundle passes', () => {
    expect(checkExitStatus([ok('a'), ok('b')])).toBe(0);
    expect(checkExitStatus([ok('a'), outOfTolerance('b')])).toBe(EXIT_CODES.COMPARE_OUT_OF_TOLERANCE.status);
  });

  it('names the most fundamental failure: build, then verify, then tolerance, then a crashed run', () => {
    expect(checkExitStatus([outOfTolerance('a'), badVerify('b'), unbuilt('c')])).toBe(
      EXIT_CODES.SOURCE_DIGEST_MISMATCH.status,
    );
    expect(checkExitStatus([outOfTolerance('a'), crashed('b'), badVerify('c')])).toBe(
      EXIT_CODES.VERIFY_UNSAFE_ENTRY.status,
    );
    expect(checkExitStatus([crashed('a'), outOfTolerance('b')])).toBe(EXIT_CODES.COMPARE_OUT_OF_TOLERANCE.status);
    expect(checkExitStatus([crashed('a')])).toBe(EXIT_CODES.ENGINE_FAILED.status);
  });

  it('gives each row a verdict a reader can act on', () => {
    expect([ok, outOfTolerance, badVerify, crashed, unbuilt].map((f) => verdictOf(f('x')))).toEqual([
      'PASS',
      'FAIL (tolerance)',
      'FAIL (verify)',
      'FAIL (run exit 127)',
      'FAIL (build)',
    ]);
  });

  it('prints the table, then what failed, then the count', () => {
    const text = formatCheckTable([
      ok('text_medium'),
      outOfTolerance('image_small'),
      badVerify('mixed_stream'),
      unbuilt('synthetic_gradients'),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^bundle +verify folder +verify tarball +metrics compared +within tolerance +verdict$/);
    expect(lines[2]).toMatch(/^text_medium-1\.0\.0 +ok +ok +61 +61 +PASS$/);
    expect(lines[3]).toMatch(/^image_small-1\.0\.0 +ok +ok +61 +60 +FAIL \(tolerance\)$/);
    expect(lines[4]).toMatch(/^mixed_stream-1\.0\.0 +ok +FAIL \(1\) +- +- +FAIL \(verify\)$/);
    expect(lines[5]).toMatch(/^synthetic_gradients +- +- +- +- +FAIL \(build\)$/);
    expect(text).toContain('image_small-1.0.0: gzip (all files) caq: expected 2.27, measured 2.31 (+1.62%)');
    expect(text).toContain('mixed_stream-1.0.0 tarball: VERIFY_UNSAFE_ENTRY: x: symbolic link');
    expect(text).toContain('synthetic_gradients: build failed: SOURCE_DIGEST_MISMATCH');
    expect(lines[lines.length - 1]).toBe('1 of 4 bundles reproduce');
  });
});
