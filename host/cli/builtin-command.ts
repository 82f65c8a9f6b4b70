import type { CliCommand, CommandArgs } from '../../core/index.js';
import type { CreateHostOptions, Host } from '../create-host.js';
import type { CliIo } from './cli-io.js';

export interface CommandContext {
  readonly args: CommandArgs;
  readonly io: CliIo;
  /** Builds the host from `--config` (or discovery). `optionalConfig` (read-only commands): fall back to an
   * empty config when none is found, and leave unresolvable secrets unresolved. */
  loadHost(options?: { optionalConfig?: boolean; deferMappingErrors?: boolean }): Promise<Host>;
  /** Options the CLI was started with (for commands that start hosts of their own, like serve). */
  readonly hostOptions: CreateHostOptions;
  /** Process signals, injectable for tests. */
  onSignal(handler: (signal: string) => void): () => void;
}

/**
 * A command the host itself implements (plugins add theirs through `CliCommandToken`). It declares its
 * options and positionals like a plugin command, but always all of them: built-in commands are strict.
 */
export interface BuiltinCommand extends Required<Pick<CliCommand, 'valueOptions' | 'flags' | 'acceptsPositionals'>> {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  readonly hidden?: boolean;
  run(context: CommandContext): Promise<number>;
}
