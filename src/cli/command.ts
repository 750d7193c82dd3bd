// What a command group of the `tessera` CLI is: its name, its help, and how it runs. A command
// imports the store, the services or the server only when it runs (import()), so that --help
// and usage errors answer without loading them.
export interface Command {
  readonly name: string;
  /** One line for `tessera --help`. */
  readonly summary: string;
  /** The whole text of `tessera <name> --help`. */
  readonly help: string;
  /** Runs with the arguments after the command's name; throws UsageError for wrong usage. */
  run(argv: readonly string[]): Promise<void>;
  /** True for `serve`: the process keeps running after `run` resolves, and stops itself. */
  readonly keepsRunning?: boolean;
}
