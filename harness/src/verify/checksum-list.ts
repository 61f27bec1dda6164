import type { Finding } from './types.js';
import { normaliseEntryPath, unsafePathReason } from './path-safety.js';

export interface ChecksumList {
  /** File name of the list, e.g. `SHA256SUMS`. */
  name: string;
  /** Listed path (normalised, without `./`) → lower-case hex digest. */
  entries: Map<string, string>;
  findings: Finding[];
}

/** `<64 hex><space><space or *><path>`: GNU coreutils' text and binary modes. */
const LINE = /^([0-9a-fA-F]{64}) ([ *])(.+)$/;

/**
 * Parses a GNU coreutils SHA-256 list the way `sha256sum -c --strict` reads
 * it, but reports every bad line instead of stopping. A leading backslash
 * marks coreutils' escaped form (`\\` and `\n` inside the name).
 */
export function parseChecksumList(name: string, bytes: Uint8Array): ChecksumList {
  const entries = new Map<string, string>();
  const findings: Finding[] = [];
  const malformed = (message: string): void => {
    findings.push({ code: 'VERIFY_CHECKSUMS_MALFORMED', path: name, message: `${name}: ${message}` });
  };
  if (bytes.length === 0) {
    malformed('is empty');
    return { name, entries, findings };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    malformed('is not UTF-8 text');
    return { name, entries, findings };
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // CRLF is reported once; the lines are still read so the other checks keep working.
  if (lines.some((line) => line.endsWith('\r'))) malformed('has CRLF line endings (coreutils writes LF only)');
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const escaped = raw.startsWith('\\');
    const line = (escaped ? raw.slice(1) : raw).replace(/\r$/, '');
    const match = LINE.exec(line);
    if (match === null) {
      malformed(`line ${lineNo} is not '<64 hex digits>  <path>': ${JSON.stringify(raw.slice(0, 120))}`);
      return;
    }
    const [, hex, , rawPath] = match;
    const unescaped = escaped ? rawPath.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : rawPath;
    const path = normaliseEntryPath(unescaped);
    const unsafe = unsafePathReason(path);
    if (unsafe !== null) {
      findings.push({
        code: 'VERIFY_UNSAFE_ENTRY',
        path,
        message: `${name} line ${lineNo} names an unsafe path (${unsafe}): ${JSON.stringify(unescaped)}`,
      });
      return;
    }
    if (entries.has(path)) {
      malformed(`line ${lineNo} lists '${path}' a second time`);
      return;
    }
    entries.set(path, hex.toLowerCase());
  });
  return { name, entries, findings };
}
