/** What a command sees of the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is a terminal and neither CI nor NO_COLOR ask for plain output. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  usage: string;
  /** Resolves to the exit status; throws CaqError for failures main maps to statuses. */
  run(args: string[], io: CliIO): Promise<number>;
}
