import type { CliCommand, CommandArgs } from 'tributary-kit';
import type { CreateHostOptions, Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { CliIo, CliStreams } from './cli-io.js';

/** How `main` is started: by bin/tributary.js with the process's streams, by tests and the demo with their own. */
export interface MainOptions {
  readonly streams?: CliStreams;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Extra host options (tests: in-memory state, inline plugins, an HTTP client). */
  readonly host?: Partial<CreateHostOptions>;
  readonly onSignal?: CommandContext['onSignal'];
}

export interface CommandContext {
  readonly args: CommandArgs;
  readonly io: CliIo;
  /**
   * Builds the host from `--config` (or discovery). `optionalConfig` (read-only commands): fall back to an
   * empty config when none is found, and leave unresolvable secrets unresolved. `server` (serve, and
   * plugins, which lists them): load the built-ins that contribute only to the HTTP server (the console,
   * the metrics); other commands skip them, and the built-ins contributing nothing the config names.
   * `plugin`: the built-in plugin whose command runs, loaded whether the config names it or not.
   * `everyBuiltin`: load every built-in all the same (the config's schema names all their types).
   */
  loadHost(options?: {
    optionalConfig?: boolean;
    deferMappingErrors?: boolean;
    server?: boolean;
    plugin?: string;
    everyBuiltin?: boolean;
  }): Promise<Host>;
  /** Options the CLI was started with (for commands that start hosts of their own, like serve). */
  readonly hostOptions: CreateHostOptions;
  /** Process signals, injectable for tests. */
  onSignal(handler: (signal: string) => void): () => void;
  /** Runs another command line in this process, as `tributary` would (the demo runs `run`, then `logs`). */
  cli(argv: readonly string[], options: MainOptions): Promise<number>;
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
