import { exitStatusFor } from '../errors.js';
import { decidingCode } from './exit-status.js';
import type { VerifyReport } from './types.js';

/** Human-readable report: one line per finding, notes, then a summary line. */
export function formatReport(report: VerifyReport): string {
  const lines = report.findings.map(
    (f) =>
      `  ${f.code.padEnd(26)} ${f.message}${f.pointer !== undefined && !f.message.includes(f.pointer) ? ` (at ${f.pointer})` : ''}`,
  );
  for (const note of report.notes) lines.push(`  note: ${note}`);
  const against =
    [report.checksumFile, report.manifest === 'absent' ? null : 'bundle.json']
      .filter((x) => x !== null)
      .join(' and ') || 'nothing';
  const checked = `${report.files_checked} file${report.files_checked === 1 ? '' : 's'} checked against ${against}`;
  const code = decidingCode(report.findings);
  if (code === null) {
    lines.push(`${report.target}: OK (${report.kind}; ${checked})`);
  } else {
    const counts = new Map<string, number>();
    for (const f of report.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    const classes = [...counts].map(([c, n]) => `${c} ×${n}`).join(', ');
    lines.push(
      `${report.target}: FAILED (${report.kind}; ${checked}; ${classes}); exit ${exitStatusFor(code)} for ${code}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
