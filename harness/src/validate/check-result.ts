import type { CaqErrorCode } from '../errors.js';
import type { CheckId, CheckResult, Figure } from './report-types.js';

type Figures = Record<string, Figure>;

export function pass(id: CheckId, message: string, figures: Figures = {}, findings: string[] = []): CheckResult {
  return { id, status: 'PASS', code: null, figures, message, findings };
}

export function fail(
  id: CheckId,
  code: CaqErrorCode,
  message: string,
  findings: string[],
  figures: Figures = {},
): CheckResult {
  return { id, status: 'FAIL', code, figures, message, findings };
}

export function skip(id: CheckId, message: string): CheckResult {
  return { id, status: 'SKIP', code: null, figures: {}, message, findings: [] };
}

/** PASS when there are no findings, else FAIL with every one of them. */
export function verdict(
  id: CheckId,
  code: CaqErrorCode,
  findings: string[],
  ok: string,
  bad: string,
  figures: Figures,
): CheckResult {
  return findings.length === 0
    ? pass(id, ok, figures)
    : fail(id, code, `${bad} (${findings.length} finding${findings.length === 1 ? '' : 's'})`, findings, figures);
}
