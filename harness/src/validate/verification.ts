import type { CheckResult, Report, Verification } from './report-types.js';

/** Whether the maintainer's re-run was judged: a SKIP (not asked for, or pending in a shard) leaves the claim's consistency only. */
export function verificationOf(checks: readonly CheckResult[]): Verification {
  return checks.some((check) => check.id === 'rerun' && check.status !== 'SKIP') ? 're-run' : 'consistency-only';
}

/** A report's verification, read from its checks for reports signed before the field existed. */
export function reportVerification(report: Pick<Report, 'verification' | 'checks'>): Verification {
  return report.verification ?? verificationOf(report.checks);
}

/** What a verdict means, in one sentence: a PASS without a re-run vouches for the claim's consistency, not its figures. */
export function verdictSentence(report: Pick<Report, 'status' | 'verification' | 'checks'>): string {
  if (report.status === 'FAIL') return 'the claim does not hold';
  return reportVerification(report) === 're-run'
    ? "the maintainer's re-run reproduces the claim"
    : 'the claim is internally consistent (not re-run: the leaderboard does not rank it; validate with --rerun N to verify it)';
}
