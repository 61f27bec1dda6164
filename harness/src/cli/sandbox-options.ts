import type { SandboxRequest } from '../sandbox/types.js';
import { LIMIT_DEFAULTS, formatBytes, parseByteSize, parseProcCount } from '../sandbox/limits.js';
import type { CliIO } from './command.js';

/** The sealing options `submit` and `validate` share, for parseArgs. */
export const SANDBOX_OPTIONS = {
  'allow-read': { type: 'string', multiple: true },
  'max-memory': { type: 'string' },
  'max-procs': { type: 'string' },
  'no-sandbox': { type: 'boolean' },
} as const;

export const SANDBOX_USAGE = `Sealing (every call of an external codec; the engine's own codecs are not sealed):
  --allow-read <path>        also show the codec this host file or folder, read-only, at its own
                             path (repeatable; e.g. a virtualenv or a model file); recorded
  --max-memory <size>        address-space limit per codec process (default ${formatBytes(LIMIT_DEFAULTS.maxMemoryBytes)}; e.g. 512M, 8G)
  --max-procs <N>            processes and threads inside the seal (default ${LIMIT_DEFAULTS.maxProcs})
  --no-sandbox               run the codec unsealed, with access to this machine (recorded)
  Environment: CAQBENCH_BWRAP names the bwrap to use (default /usr/bin/bwrap).`;

export interface SandboxValues {
  'allow-read'?: string[];
  'max-memory'?: string;
  'max-procs'?: string;
  'no-sandbox'?: boolean;
}

export function sandboxRequest(values: SandboxValues, io: CliIO, hidden: string[] = []): SandboxRequest {
  return {
    allowRead: values['allow-read'] ?? [],
    ...(values['max-memory'] === undefined
      ? {}
      : { maxMemoryBytes: parseByteSize(values['max-memory'], '--max-memory') }),
    ...(values['max-procs'] === undefined ? {} : { maxProcs: parseProcCount(values['max-procs'], '--max-procs') }),
    disabled: values['no-sandbox'] === true,
    ...(io.env.CAQBENCH_BWRAP === undefined || io.env.CAQBENCH_BWRAP === ''
      ? {}
      : { bwrapPath: io.env.CAQBENCH_BWRAP }),
    hidden,
  };
}
