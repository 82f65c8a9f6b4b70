import {
  ConfigError,
  ConfigProblemsError,
  isTributaryError,
  messageOf,
  Redactor,
  type CliCommand,
  type CommandArgs,
} from '../../core/index.js';
import type { CreateHostOptions } from '../kernel/create-host.js';
import {
  createLogger,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevel,
} from '../kernel/logging/create-logger.js';
import type { BuiltinCommand, CommandContext, MainOptions } from './builtin-command.js';
import { redactingIo } from './cli-io.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { closestName } from '../../core/closest-name.js';
import { commandHelp, commandName, parseCommandLine, programHelp } from './command-line.js';
import { hostLoader, type HostLoader } from './host-loader.js';

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

/** `--log-level` and `--log-format`, checked. */
function logOptions(options: CommandArgs['options']): { level: LogLevel; format: LogFormat } {
  const level = (options['log-level'] as LogLevel | undefined) ?? 'info';
  if (!LOG_LEVELS.includes(level))
    throw new ConfigError('USAGE', `--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const format = (options['log-format'] as LogFormat | undefined) ?? 'text';
  if (!LOG_FORMATS.includes(format))
    throw new ConfigError('USAGE', `--log-format must be one of ${LOG_FORMATS.join(', ')}`);
  return { level, format };
}

/** `tributary` or `tributary help`: every command, the plugins' ones too when a config loads. */
async function printProgramHelp(command: string | undefined, context: CommandContext): Promise<number> {
  const host = await context.loadHost({ optionalConfig: true, deferMappingErrors: true }).catch(() => undefined);
  const pluginCommands = host ? [...host.registry.commands.values()] : [];
  await host?.close();
  context.io.stdout.write(programHelp([...BUILTIN_COMMANDS.filter((c) => !c.hidden), ...pluginCommands]));
  return command || context.args.options['help'] ? 0 : 2;
}

/** A command a plugin contributes, parsed against its own declaration; an unknown one is a usage error with a suggestion. */
async function runPluginCommand(argv: readonly string[], name: string, context: CommandContext): Promise<number> {
  const host = await context.loadHost({ optionalConfig: true, deferMappingErrors: true });
  const command: CliCommand | undefined = host.registry.commands.get(name);
  if (!command) {
    await host.close();
    const known = [...BUILTIN_COMMANDS.filter((c) => !c.hidden).map((c) => c.name), ...host.registry.commands.keys()];
    const suggestion = closestName(name, known);
    throw new ConfigError(
      'USAGE',
      `Unknown command "${name}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}. Commands: ${known.join(', ')}`,
    );
  }
  try {
    const commandArgs = parseCommandLine(argv, command);
    if (commandArgs.options['help']) {
      context.io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(commandArgs, context.io);
  } finally {
    await host.close();
  }
}

/** The `tributary` command line. Returns the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const redactor = options.host?.redactor ?? new Redactor();
  const io = redactingIo(options.streams ?? process, redactor);
  let verbose = argv.includes('--verbose');
  let hosts: HostLoader | undefined;
  try {
    const name = commandName(argv);
    const builtin: BuiltinCommand | undefined = BUILTIN_COMMANDS.find((c) => c.name === name);
    // Global options are read before the command is known (a plugin command needs the host, which needs them).
    const args = {
      command: name,
      ...parseCommandLine(argv, builtin ?? { name: name ?? 'tributary', summary: '', help: '' }),
    };
    verbose = args.options['verbose'] === true;
    const log = logOptions(args.options);
    // serve runs for days: its lines carry the time.
    const logger = createLogger((line) => io.stderr.write(line), redactor, log.level, {
      format: log.format,
      timestamps: args.command === 'serve',
    });
    const configPath = typeof args.options['config'] === 'string' ? args.options['config'] : undefined;
    const hostOptions: CreateHostOptions = {
      configPath,
      cwd: options.cwd,
      env: options.env,
      logger,
      redactor,
      ...options.host,
    };
    hosts = hostLoader(hostOptions);
    const context: CommandContext = {
      args,
      io,
      loadHost: hosts.loadHost,
      hostOptions,
      onSignal: options.onSignal ?? processSignals,
      cli: main,
    };

    if (!args.command || args.command === 'help') return await printProgramHelp(args.command, context);
    if (!builtin) return await runPluginCommand(argv, args.command, context);
    if (args.options['help']) {
      io.stdout.write(commandHelp(builtin));
      return 0;
    }
    return await builtin.run(context);
  } catch (error) {
    return reportError(error, io, verbose);
  } finally {
    hosts?.restoreUmask();
  }
}

function reportError(error: unknown, io: ReturnType<typeof redactingIo>, verbose: boolean): number {
  if (
    error instanceof ConfigProblemsError ||
    (isTributaryError(error) && (error.category === 'config' || error.category === 'plugin'))
  ) {
    io.stderr.write(`${error.message}\n`);
    if (verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
  io.stderr.write(`error: ${messageOf(error)}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 1;
}
