/** Where a command's text goes; tests pass their own. */
export interface EngineIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

export const processIO: EngineIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};
