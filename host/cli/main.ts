import {
  ConfigError,
  ConfigProblemsError,
  isTributaryError,
  Redactor,
  type CliCommand,
} from '../../core/index.js';
import { createHost, type CreateHostOptions, type Host } from '../create-host.js';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../logging/create-logger.js';
import { applyStateAccess } from '../state-access.js';
import type { BuiltinCommand, CommandContext } from './builtin-command.js';
import { redactingIo, type CliStreams } from './cli-io.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { checkArgs } from './check-args.js';
import { parseArgs } from './parse-args.js';

export interface MainOptions {
  readonly streams?: CliStreams;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Extra host options (tests: in-memory state, inline plugins, an HTTP client). */
  readonly host?: Partial<CreateHostOptions>;
  readonly onSignal?: CommandContext['onSignal'];
}


/** The value options of a built-in command (a plugin command's are known once the host is loaded). */
const builtinValueOptions = (name: string | undefined): readonly string[] => BUILTIN_COMMANDS.find((c) => c.name === name)?.valueOptions ?? [];

function processSignals(handler: (signal: string) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => handler(signal);
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

function usage(commands: ReadonlyArray<{ name: string; summary: string }>): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: tributary <command> [options] [--config PATH]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options for every command:
  --config PATH     the config file (default: discovered as tributary.config.{yaml,yml,json,js,mjs,ts},
                    .tributaryrc* or package.json#tributary from the current folder upwards)
  --log-level L     debug | info | warn | error | silent (default info)
  --log-format F    text (default; serve's lines start with the UTC time) | json (one JSON object a line)
  --verbose         show stack traces of unexpected errors
  --help, -h        help for a command: tributary <command> --help

Exit codes: 0 success, 3 partial, 1 failure, 2 usage or configuration error.
`;
}

/** The `tributary` command line. Returns the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const streams = options.streams ?? process;
  const redactor = options.host?.redactor ?? new Redactor();
  const io = redactingIo(streams, redactor);
  let verbose = argv.includes('--verbose');
  let restoreUmask: (() => void) | undefined;
  try {
    const args = parseArgs(argv, builtinValueOptions);
    verbose = args.options['verbose'] === true;
    const logLevel = (args.options['log-level'] as LogLevel | undefined) ?? 'info';
    if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('USAGE', `--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    const logFormat = (args.options['log-format'] as LogFormat | undefined) ?? 'text';
    if (!LOG_FORMATS.includes(logFormat)) throw new ConfigError('USAGE', `--log-format must be one of ${LOG_FORMATS.join(', ')}`);
    // serve runs for days: its lines carry the time.
    const logger = createLogger((line) => io.stderr.write(line), redactor, logLevel, { format: logFormat, timestamps: args.command === 'serve' });
    const hostOptions: CreateHostOptions = {
      configPath: typeof args.options['config'] === 'string' ? args.options['config'] : undefined,
      cwd: options.cwd,
      env: options.env,
      logger,
      redactor,
      ...options.host,
    };
    const withStateAccess = (host: Host): Host => {
      const restore = applyStateAccess(host.config.state.access);
      restoreUmask ??= restore; // the umask from before the first host, restored when main returns
      return host;
    };
    const loadHost = async ({ optionalConfig = false, deferMappingErrors = false } = {}): Promise<Host> => {
      try {
        return withStateAccess(await createHost({ ...hostOptions, deferMappingErrors, allowMissingSecrets: optionalConfig }));
      } catch (error) {
        if (!optionalConfig || !isTributaryError(error) || error.code !== 'CONFIG_NOT_FOUND' || hostOptions.configPath) throw error;
        return withStateAccess(await createHost({ ...hostOptions, config: {} }));
      }
    };
    const context = (commandArgs = args): CommandContext => ({
      args: commandArgs,
      io,
      loadHost,
      hostOptions,
      onSignal: options.onSignal ?? processSignals,
    });

    const builtin: BuiltinCommand | undefined = BUILTIN_COMMANDS.find((c) => c.name === args.command);
    if (!args.command || args.command === 'help') {
      const host = await loadHost({ optionalConfig: true, deferMappingErrors: true }).catch(() => undefined);
      const pluginCommands = host ? [...host.registry.commands.values()] : [];
      await host?.close();
      io.stdout.write(usage([...BUILTIN_COMMANDS.filter((c) => !c.hidden), ...pluginCommands]));
      return args.command || args.options['help'] ? 0 : 2;
    }
    if (builtin) {
      if (args.options['help']) {
        io.stdout.write(`${builtin.help}\n`);
        return 0;
      }
      checkArgs(args, builtin);
      return await builtin.run(context());
    }
    const host = await loadHost({ optionalConfig: true, deferMappingErrors: true });
    const command: CliCommand | undefined = host.registry.commands.get(args.command);
    if (!command) {
      await host.close();
      const known = [...BUILTIN_COMMANDS.filter((c) => !c.hidden).map((c) => c.name), ...host.registry.commands.keys()];
      throw new ConfigError('USAGE', `Unknown command "${args.command}". Commands: ${known.join(', ')}`);
    }
    try {
      if (args.options['help']) {
        io.stdout.write(`${command.help}\n`);
        return 0;
      }
      const commandArgs = parseArgs(argv, () => command.valueOptions ?? []);
      checkArgs(commandArgs, command);
      return await command.run(commandArgs, io);
    } finally {
      await host.close();
    }
  } catch (error) {
    return reportError(error, io, verbose);
  } finally {
    restoreUmask?.();
  }
}

function reportError(error: unknown, io: ReturnType<typeof redactingIo>, verbose: boolean): number {
  if (error instanceof ConfigProblemsError || (isTributaryError(error) && (error.category === 'config' || error.category === 'plugin'))) {
    io.stderr.write(`${error.message}\n`);
    if (verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
  io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 1;
}
