import type { CliIO } from '../../harness/src/cli/command.js';

/** A CliIO that keeps what a command prints, for tests that call `main` in-process. */
export function captureIO(cwd: string = process.cwd()): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    interactive: false,
    env: {},
    cwd,
  };
  return io;
}
