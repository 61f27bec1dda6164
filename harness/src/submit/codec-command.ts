import { CaqError } from '../errors.js';

/**
 * `--codec-cmd` becomes argv exactly once, here, and argv goes to execvp: no
 * shell ever sees it. Two forms:
 * - a JSON array of strings: `["python3", "my codec.py", "--fast"]`;
 * - words separated by blanks, where '…' is literal, "…" is literal except that
 *   \" and \\ stand for " and \, and a backslash outside quotes takes the next
 *   character literally. Nothing is expanded: $, `, *, ~, ; and | are ordinary
 *   characters.
 */
export function splitCodecCommand(text: string): string[] {
  const trimmed = text.trim();
  const argv = trimmed.startsWith('[') ? parseJsonArgv(trimmed) : splitWords(trimmed);
  if (argv.length === 0 || argv[0] === '') {
    throw new CaqError('USAGE', '--codec-cmd is empty', {
      field: '--codec-cmd',
      hint: "e.g. --codec-cmd 'harness/wrappers/gzip'",
    });
  }
  return argv;
}

function parseJsonArgv(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CaqError('USAGE', `--codec-cmd looks like a JSON array but is not JSON: ${(error as Error).message}`, {
      field: '--codec-cmd',
    });
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new CaqError('USAGE', '--codec-cmd as JSON must be an array of strings', { field: '--codec-cmd' });
  }
  return value as string[];
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += c;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word ??= '';
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < text.length) word += text[++i];
      else word += c;
    }
  }
  if (quote !== null)
    throw new CaqError('USAGE', `--codec-cmd has an unterminated ${quote} quote`, { field: '--codec-cmd' });
  if (word !== null) words.push(word);
  return words;
}

/** POSIX-shell quoting, for the human-readable `reproduce` line only (the harness never runs it). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
