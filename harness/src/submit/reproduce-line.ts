import { LIMIT_DEFAULTS } from '../sandbox/limits.js';
import type { SandboxRecord } from '../sandbox/types.js';
import { shellQuote } from './codec-command.js';
import type { CodecSource } from './codec-source.js';

export interface ReproduceFacts {
  bundle: string;
  codec: CodecSource;
  name: string;
  version: string;
  submitter: string;
  runs: number;
  warmup: number;
  timeoutS: number;
  maxOutputBytes: number | null;
  subtractFloor: boolean;
  /** How the codec ran: its --allow-read paths and limits other than the defaults; --no-sandbox when it ran unsealed on purpose. */
  sandbox: SandboxRecord;
  noSandbox: boolean;
}

/** The `caqbench submit` command line that reproduces a submission (the codec command as a JSON argv, unambiguous). */
export function reproduceLine(f: ReproduceFacts): string {
  const words = ['caqbench', 'submit', '--bundle', f.bundle];
  if (f.codec.kind === 'command') {
    words.push('--codec-cmd', JSON.stringify(f.codec.argv));
  } else {
    words.push('--engine-codec', f.codec.codec);
    for (const [k, v] of Object.entries(f.codec.params ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
      words.push('--param', `${k}=${v}`);
    if (f.codec.engine !== undefined) words.push('--engine', f.codec.engine);
  }
  words.push('--codec', f.name, '--codec-version', f.version, '--submitter', f.submitter);
  words.push('--runs', String(f.runs), '--warmup', String(f.warmup), '--timeout', String(f.timeoutS));
  if (f.maxOutputBytes !== null) words.push('--max-output-bytes', String(f.maxOutputBytes));
  if (f.subtractFloor) words.push('--subtract-floor');
  for (const path of f.sandbox.allow_read) words.push('--allow-read', path);
  if (f.sandbox.limits.max_memory_bytes !== LIMIT_DEFAULTS.maxMemoryBytes)
    words.push('--max-memory', String(f.sandbox.limits.max_memory_bytes));
  if (f.sandbox.limits.max_procs !== null && f.sandbox.limits.max_procs !== LIMIT_DEFAULTS.maxProcs)
    words.push('--max-procs', String(f.sandbox.limits.max_procs));
  if (f.noSandbox) words.push('--no-sandbox');
  words.push('--out', 'submission.json');
  return words.map(shellQuote).join(' ');
}
