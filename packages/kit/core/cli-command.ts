import { createToken } from './token.js';

/** Where a command writes. Everything written here is redacted of secrets by the host. */
export interface CommandIo {
  readonly stdout: { write(text: string): void; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): void };
}

export interface CommandArgs {
  /** Positional arguments after the command name. */
  readonly positionals: readonly string[];
  /** `--name value` and `--flag` options (repeatable options keep the last value). */
  readonly options: Readonly<Record<string, string | boolean>>;
}

/**
 * A CLI command a plugin adds (`logs` by the execution log, `users` by the sqlite sink).
 * It returns the exit code.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Option names (without `--`) that take a value: `--format json` or `--format=json`. */
  readonly valueOptions?: readonly string[];
  /**
   * Option names that take no value (`--dry-run`). Declaring this list (even `[]`) makes the command
   * strict: an option that is neither here, in `valueOptions` nor global (`--config`, `--log-level`,
   * `--verbose`, `--help`) is a usage error (exit 2, the command does not run), and so is a flag given
   * a value (`--dry-run=yes`). Without it, any undeclared `--name` reaches `run` as `true` (API 1
   * behaviour, kept for existing plugins).
   */
  readonly flags?: readonly string[];
  /** `false`: the command takes no positional arguments and one is a usage error (default `true`). */
  readonly acceptsPositionals?: boolean;
  run(args: CommandArgs, io: CommandIo): Promise<number>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(CliCommands, …)`. */
export const CliCommandToken = createToken<CliCommand>('core.cli-command');
