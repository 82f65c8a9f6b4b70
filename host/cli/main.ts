import {
  ConfigError,
  ConfigProblemsError,
  isTributaryError,
  Redactor,
  type CliCommand,
  type CommandArgs,
} from '../../core/index.js';
import { createHost, type CreateHostOptions, type Host } from '../kernel/create-host.js';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../kernel/logging/create-logger.js';
import { applyStateAccess } from '../kernel/state-access.js';
import type { BuiltinCommand, CommandContext, MainOptions } from './builtin-command.js';
import { redactingIo } from './cli-io.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { closestName } from '../../core/closest-name.js';
import { commandHelp, commandName, parseCommandLine, programHelp } from './command-line.js';

export type { MainOptions } from './builtin-command.js';


function processSignals(handler: (signal: string) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => handler(signal);
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

/** The `tributary` command line. Returns the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const streams = options.streams ?? process;
  const redactor = options.host?.redactor ?? new Redactor();
  const io = redactingIo(streams, redactor);
  let verbose = argv.includes('--verbose');
  let restoreUmask: (() => void) | undefined;
  try {
    const name = commandName(argv);
    const builtin: BuiltinCommand | undefined = BUILTIN_COMMANDS.find((c) => c.name === name);
    // Global options are read before the command is known (a plugin command needs the host, which needs them).
    const args = { command: name, ...parseCommandLine(argv, builtin ?? { name: name ?? 'tributary', summary: '', help: '' }) };
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
    const context = (commandArgs: CommandArgs = args): CommandContext => ({
      args: commandArgs,
      io,
      loadHost,
      hostOptions,
      onSignal: options.onSignal ?? processSignals,
      cli: main,
    });

    if (!args.command || args.command === 'help') {
      const host = await loadHost({ optionalConfig: true, deferMappingErrors: true }).catch(() => undefined);
      const pluginCommands = host ? [...host.registry.commands.values()] : [];
      await host?.close();
      io.stdout.write(programHelp([...BUILTIN_COMMANDS.filter((c) => !c.hidden), ...pluginCommands]));
      return args.command || args.options['help'] ? 0 : 2;
    }
    if (builtin) {
      if (args.options['help']) {
        io.stdout.write(commandHelp(builtin));
        return 0;
      }
      return await builtin.run(context());
    }
    const host = await loadHost({ optionalConfig: true, deferMappingErrors: true });
    const command: CliCommand | undefined = host.registry.commands.get(args.command);
    if (!command) {
      await host.close();
      const known = [...BUILTIN_COMMANDS.filter((c) => !c.hidden).map((c) => c.name), ...host.registry.commands.keys()];
      const suggestion = closestName(args.command, known);
      throw new ConfigError('USAGE', `Unknown command "${args.command}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}. Commands: ${known.join(', ')}`);
    }
    try {
      const commandArgs = parseCommandLine(argv, command);
      if (commandArgs.options['help']) {
        io.stdout.write(commandHelp(command));
        return 0;
      }
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
