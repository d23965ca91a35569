export interface Command {
  /** One line: the command and its options. */
  readonly usage: string;
  readonly summary: string;
  /** Option details for `--help`. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}
