import { type CheckRow, verdictOf } from './run-check.js';

function verifyCell(report: CheckRow['verifyFolder']): string {
  if (report === null) return '-';
  return report.ok ? 'ok' : `FAIL (${report.findings.length})`;
}

/**
 * The reproduction table: one row per bundle, then the figures outside
 * tolerance and the verify findings, so a failure can be read without
 * re-running anything.
 */
export function formatCheckTable(rows: readonly CheckRow[]): string {
  const header = ['bundle', 'verify folder', 'verify tarball', 'metrics compared', 'within tolerance', 'verdict'];
  const cells = rows.map((r) => [
    r.bundle === null ? r.name : `${r.bundle.name}-${r.bundle.version}`,
    verifyCell(r.verifyFolder),
    verifyCell(r.verifyTarball),
    r.canonical?.compared?.toString() ?? '-',
    r.canonical?.within?.toString() ?? '-',
    verdictOf(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]): string =>
    c
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  for (const r of rows) {
    const name = r.bundle === null ? r.name : `${r.bundle.name}-${r.bundle.version}`;
    if (r.buildError !== null) out.push(`${name}: build failed: ${r.buildError.code}: ${r.buildError.message}`);
    for (const [what, report] of [
      ['folder', r.verifyFolder],
      ['tarball', r.verifyTarball],
    ] as const) {
      for (const f of report?.findings ?? []) out.push(`${name} ${what}: ${f.code}: ${f.message}`);
    }
    for (const f of r.canonical?.failures ?? []) {
      const d = f.relative_difference;
      const diff = d === null ? 'differs' : `${d >= 0 ? '+' : ''}${(d * 100).toFixed(2)}%`;
      out.push(
        `${name}: ${f.codec || '-'} ${f.file} ${f.metric}: expected ${String(f.expected)}, measured ${String(f.measured)} (${diff})`,
      );
    }
    if (r.canonical !== null && r.canonical.compared === null) {
      out.push(
        `${name}: run_canonical.sh exited ${r.canonical.exitCode} before comparing; its last lines:`,
        ...r.canonical.output
          .trimEnd()
          .split('\n')
          .slice(-10)
          .map((l) => `  ${l}`),
      );
    }
  }
  const passed = rows.filter((r) => r.pass).length;
  out.push(
    '',
    `${passed} of ${rows.length} bundle${rows.length === 1 ? '' : 's'} reproduce${rows.length === 1 ? 's' : ''}`,
  );
  return `${out.join('\n')}\n`;
}
