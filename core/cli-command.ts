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
  /** Option names that take a value (the others are flags). */
  readonly valueOptions?: readonly string[];
  run(args: CommandArgs, io: CommandIo): Promise<number>;
}

export const CliCommandToken = createToken<CliCommand>('core.cli-command');
