/** Runs the engine CLI in process and captures what it prints. */
import { main } from '../../../mock-engine/src/cli/main.js';
import type { EngineIO } from '../../../mock-engine/src/cli/output.js';

export async function engine(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: EngineIO & { out: string; err: string } = {
    out: '',
    err: '',
    cwd,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
  };
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}
