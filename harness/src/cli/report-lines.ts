import type { Report } from '../validate/report-types.js';

/** One line per check with its findings indented below: what `validate` and `merge` print of a report. */
export function reportLines(report: Report): string {
  return report.checks
    .map((check) =>
      [
        `${check.status.padEnd(4)}  ${check.id.padEnd(9)}  ${check.message}\n`,
        ...check.findings.map((finding) => `        ${finding}\n`),
      ].join(''),
    )
    .join('');
}
