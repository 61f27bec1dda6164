import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Submission } from '../../harness/src/submit/types.js';
import { measure } from '../../harness/src/validate/recompute.js';
import type { DigestClaim } from '../../harness/src/validate/digest-check.js';
import { judgeRerun } from '../../harness/src/validate/rerun-check.js';
import { checkRecompute } from '../../harness/src/validate/recompute-check.js';
import { checkVariance } from '../../harness/src/validate/runs-checks.js';
import { makeBundle, makeSubmission, type SubmissionShape, type SyntheticBundle } from './fixtures/synthetic.js';

/** These claims are of a codec that promises no determinism: only the figures are judged. */
const NO_DIGESTS: DigestClaim = { deterministic: false, version: '1', digests: {} };

/**
 * The gates of validation judge CAQ normalised to the reference workload paired with
 * every call: what a busier or slower machine does to codec and reference alike must
 * not fail a claim, a codec that got slower against the reference must.
 */
const bundle: SyntheticBundle = makeBundle(mkdtempSync(join(tmpdir(), 'caq-normalised-')));

const shaped = (shape: SubmissionShape): Submission => makeSubmission(bundle, { runs: 5, ...shape });
/** 0.2 s per encode call when the reference takes 2 ms: 100 reference units. */
const steady: SubmissionShape = { cpu: () => 0.2, reference: () => 0.002 };

describe('the variance gate on normalised CAQ', () => {
  it('passes a claim whose raw CPU doubled in one run together with the reference', () => {
    const busy = shaped({ cpu: (run) => (run === 3 ? 0.4 : 0.2), reference: (run) => (run === 3 ? 0.004 : 0.002) });
    const result = checkVariance(busy);
    expect(result.status).toBe('PASS');
    expect(result.figures.gated).toBe('caq_norm');
    expect(result.figures.caq_norm_variance).toBeCloseTo(0, 12);
    // Raw CAQ spread a lot: it is reported, not gated.
    expect(result.figures.caq_variance).toBeGreaterThan(0.1);
  });

  it('fails a claim whose codec alone got slower in one run', () => {
    const result = checkVariance(shaped({ ...steady, cpu: (run) => (run === 3 ? 0.4 : 0.2) }));
    expect(result.status).toBe('FAIL');
    expect(result.code).toBe('SUBMISSION_VARIANCE');
    expect(result.findings[0]).toMatch(/caq_norm spread/);
  });

  it('falls back to raw CAQ for a submission whose calls were not paired', () => {
    const result = checkVariance(shaped({ cpu: (run) => (run === 3 ? 0.4 : 0.2) }));
    expect(result.figures.gated).toBe('caq');
    expect(result.status).toBe('FAIL');
  });

  it('recomputes the claimed caq_norm from the rows and catches one that was edited', () => {
    const s = shaped(steady);
    expect(checkRecompute(s, null).status).toBe('PASS');
    const edited = {
      ...s,
      claimed: { ...s.claimed, normalised: { ...s.claimed.normalised!, caq: s.claimed.normalised!.caq * 1.05 } },
    };
    expect(checkRecompute(edited, null).findings.some((f) => f.startsWith('claimed caq_norm'))).toBe(true);
  });
});

describe("the re-run compares normalised CAQ at the claim's reference scale", () => {
  const claim = shaped(steady);
  const claimed = measure(claim);

  it('passes a re-run on a machine twice as slow for codec and reference alike', () => {
    const slower = shaped({ cpu: () => 0.4, reference: () => 0.004, runs: 3 });
    const { result, run } = judgeRerun(claimed, true, slower, NO_DIGESTS);
    expect(result.status).toBe('PASS');
    expect(result.figures.gated).toBe('caq_norm');
    expect(result.figures.caq_norm_difference).toBeCloseTo(0, 12);
    // Raw figures stay raw: the slower machine's CAQ is lower, and reported.
    expect(run.caq).toBeLessThan(claimed.caq * 0.9);
    expect(run.normalised?.reference_s).toBe(claimed.normalised?.reference_s);
  });

  it('fails a re-run whose codec alone is slower against the reference', () => {
    const { result } = judgeRerun(
      claimed,
      true,
      shaped({ cpu: () => 0.4, reference: () => 0.002, runs: 3 }),
      NO_DIGESTS,
    );
    expect(result.status).toBe('FAIL');
    expect(result.findings.some((f) => f.startsWith('caq_norm: submitted'))).toBe(true);
  });

  it('gains nothing from inflated reference timings in the claim', () => {
    // The claim says its reference took 4 ms: its own caq_norm does not move (units halve, S doubles),
    // while the honest re-run is put at the inflated S and falls behind.
    const inflated = measure(shaped({ cpu: () => 0.2, reference: () => 0.004 }));
    expect(inflated.normalised?.caq).toBeCloseTo(claimed.normalised!.caq, 12);
    expect(judgeRerun(inflated, true, shaped({ ...steady, runs: 3 }), NO_DIGESTS).result.status).toBe('FAIL');
  });
});

describe('one definition of the aggregates, claimed and recomputed', () => {
  it('gives validation the very figures the submission claimed, failure rows and all', () => {
    // Run 2 loses beta to a failed round trip: the variance is then judged over alpha alone, on both sides.
    const s = shaped({
      ...steady,
      cpu: (run) => 0.2 + run * 0.001,
      row: (row, run, index) =>
        run === 2 && index === 1
          ? {
              ...row,
              roundtrip: 'failed',
              failure: { reason: 'roundtrip-mismatch', stage: 'verify', exit_code: null, signal: null, log_tail: '' },
            }
          : row,
    });
    const m = measure(s);
    expect({
      ratio: m.ratio,
      cpu_s: m.cpu_s,
      caq: m.caq,
      caq_variance: m.caq_variance,
      normalised: m.normalised,
    }).toEqual({
      ratio: s.claimed.ratio,
      cpu_s: s.claimed.cpu_s,
      caq: s.claimed.caq,
      caq_variance: s.claimed.caq_variance,
      normalised: s.claimed.normalised,
    });
    expect(s.runs[1]!.aggregate.failed_files).toBe(1);
  });
});
