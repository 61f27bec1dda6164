import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaqError, EXIT_CODES } from '../../errors.js';
import type { ProgressCallback } from '../../progress/events.js';
import { withProgress } from '../../progress/reporter.js';
import type { VerifyReport } from '../../verify/types.js';
import { VERIFY_PRECEDENCE, verifyExitStatus } from '../../verify/exit-status.js';
import { formatReport } from '../../verify/format-report.js';
import { verifyBundle } from '../../verify/verify-bundle.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench verify <folder | bundle.tar.gz> [--json] [--max-bytes N]

Checks a bundle folder or tarball and reports every finding, not just the first:
digests against SHA256SUMS and bundle.json (and that the two agree), missing and
unlisted files, malformed checksum lists, symlinks/hardlinks/devices/absolute or
'..' paths/duplicate entries, corrupt gzip or tar, size limits, and bundle.json
against its schema (JSON pointers in the messages). A folder with no bundle.json
but a coreutils checksum file (SHA256SUMS, sha256sums.txt, checksum.sha256,
*.sha256) is checked against that list alone. A tarball is read as a stream and
never unpacked to disk.

Options:
  --json           print the report as JSON
  --max-bytes N    stop reading a tarball past N bytes of content (default 1G;
                   suffixes K, M, G); bundle.json's limits can only lower it

Exit status: 0 when there is no finding. Otherwise the status of the first class
present in this order (the cause before its consequences):
${VERIFY_PRECEDENCE.map((code) => `  ${String(EXIT_CODES[code].status).padStart(3)}  ${code}: ${EXIT_CODES[code].meaning}`).join('\n')}
`;

/** `1048576`, `512K`, `64M`, `2G` (binary multiples). */
function parseByteCount(text: string): number {
  const match = /^(\d+)\s*([KMG])?i?B?$/i.exec(text.trim());
  if (match === null)
    throw new CaqError('USAGE', `--max-bytes: '${text}' is not a byte count (e.g. 1073741824, 512M, 2G)`);
  const power = { K: 1, M: 2, G: 3 }[(match[2] ?? '').toUpperCase() as 'K' | 'M' | 'G'] ?? 0;
  return Number(match[1]) * 1024 ** power;
}

/** Progress: a step line at most once a second while hashing, then the verdict. */
async function verifyWithProgress(
  target: string,
  maxBytes: number | undefined,
  onProgress: ProgressCallback,
): Promise<VerifyReport> {
  onProgress({ task: 'verify', status: 'start', message: target });
  let files = 0;
  let bytes = 0;
  let shown = performance.now();
  const report = await verifyBundle(target, {
    maxBytes,
    onFileHashed: (_path, size) => {
      files += 1;
      bytes += size;
      if (performance.now() - shown < 1000) return;
      shown = performance.now();
      onProgress({
        task: 'verify',
        status: 'step',
        message: `${files} files hashed (${(bytes / 2 ** 20).toFixed(0)} MiB)`,
      });
    },
  });
  const count = report.findings.length;
  onProgress({
    task: 'verify',
    status: report.ok ? 'done' : 'fail',
    message: report.ok ? `${report.files_checked} files checked` : `${count} finding${count === 1 ? '' : 's'}`,
  });
  return report;
}

export const command: Command = {
  usage,
  async run(args, io) {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'max-bytes': { type: 'string' } },
    });
    const [target, ...extra] = parsed.positionals;
    if (target === undefined || extra.length > 0)
      throw new CaqError('USAGE', 'verify takes exactly one folder or .tar.gz', {
        hint: "see 'caqbench verify --help'",
      });
    const maxBytes = parsed.values['max-bytes'] === undefined ? undefined : parseByteCount(parsed.values['max-bytes']);
    const json = parsed.values.json === true;
    // With --json, stdout carries the report alone: progress goes to stderr as plain lines.
    const progressIO = json ? { ...io, interactive: false } : io;
    const task = [{ id: 'verify', title: `verify ${target}` }];
    const report = await withProgress(progressIO, task, (onProgress) =>
      verifyWithProgress(resolve(io.cwd, target), maxBytes, onProgress),
    );
    io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return verifyExitStatus(report);
  },
};
