// The command line's entry: it imports only what every command needs (argument parsing, the list of
// commands, error reporting). A command's module, the host and the plugins are imported when a command
// needs them, so that `tributary --help` and light commands start quickly.
import type { CommandArgs } from 'tributary-kit/internal/core/cli-command.js';
import { ConfigProblemsError } from 'tributary-kit/internal/core/errors/config-problem.js';
import { ConfigError } from 'tributary-kit/internal/core/errors/error-classes.js';
import { isTributaryError } from 'tributary-kit/internal/core/errors/tributary-error.js';
import { messageOf } from 'tributary-kit/internal/core/describe-error.js';
import { Redactor } from 'tributary-kit/internal/core/redactor.js';
import type { CreateHostOptions } from 'tributary-kit/internal/kernel/create-host.js';
import type { LogFormat, LogLevel } from 'tributary-kit/internal/kernel/logging/create-logger.js';
import type { DeclarationSource } from 'tributary-kit/internal/kernel/plugins/command-declarations.js';
import { BUILTIN_PLUGINS } from '../builtins/builtin-plugins.js';
import type { BuiltinCommand, CommandContext, MainOptions } from './builtin-command.js';
import { redactingIo, type CliIo } from './cli-io.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { commandHelp, commandName, parseCommandLine } from './command-line.js';
import type { HostLoader } from './host-loader.js';
import { printProgramHelp } from './print-program-help.js';
import { runPluginCommand } from './run-plugin-command.js';

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
function logOptions(
  options: CommandArgs['options'],
  levels: readonly LogLevel[],
  formats: readonly LogFormat[],
): { level: LogLevel; format: LogFormat } {
  const level = (options['log-level'] as LogLevel | undefined) ?? 'info';
  if (!levels.includes(level)) throw new ConfigError('USAGE', `--log-level must be one of ${levels.join(', ')}`);
  const format = (options['log-format'] as LogFormat | undefined) ?? 'text';
  if (!formats.includes(format)) throw new ConfigError('USAGE', `--log-format must be one of ${formats.join(', ')}`);
  return { level, format };
}

/** The context a command runs in: the logger and the host loader, imported and built on first use. */
async function commandContext(
  args: CommandArgs & { command: string | undefined },
  io: CliIo,
  redactor: Redactor,
  options: MainOptions,
): Promise<{ context: CommandContext; hosts: HostLoader }> {
  const [{ createLogger, LOG_FORMATS, LOG_LEVELS }, { hostLoader }] = await Promise.all([
    import('tributary-kit/internal/kernel/logging/create-logger.js'),
    import('./host-loader.js'),
  ]);
  const log = logOptions(args.options, LOG_LEVELS, LOG_FORMATS);
  // serve runs for days: its lines carry the time.
  const logger = createLogger((line) => io.stderr.write(line), redactor, log.level, {
    format: log.format,
    timestamps: args.command === 'serve',
  });
  const hostOptions: CreateHostOptions = {
    configPath: configPathOf(args),
    cwd: options.cwd,
    env: options.env,
    logger,
    redactor,
    ...options.host,
  };
  const hosts = hostLoader(hostOptions);
  const context: CommandContext = {
    args,
    io,
    loadHost: hosts.loadHost,
    hostOptions,
    onSignal: options.onSignal ?? processSignals,
    cli: main,
  };
  return { context, hosts };
}

const configPathOf = (args: CommandArgs): string | undefined =>
  typeof args.options['config'] === 'string' ? args.options['config'] : undefined;

/** The command line's command: a built-in one's module loaded, its arguments parsed against its declaration. */
async function parsedCommand(argv: readonly string[]) {
  const name = commandName(argv);
  const builtin: BuiltinCommand | undefined = await BUILTIN_COMMANDS.find((c) => c.name === name)?.load();
  // Global options are read before the command is known (a plugin command needs the host, which needs them).
  const args = {
    command: name,
    ...parseCommandLine(argv, builtin ?? { name: name ?? 'tributary', summary: '', help: '' }),
  };
  return { args, builtin };
}

/** The `tributary` command line. Returns the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const redactor = options.host?.redactor ?? new Redactor();
  const io = redactingIo(options.streams ?? process, redactor);
  let verbose = argv.includes('--verbose');
  let hosts: HostLoader | undefined;
  try {
    const { args, builtin } = await parsedCommand(argv);
    verbose = args.options['verbose'] === true;
    const context = async (): Promise<CommandContext> => {
      const made = await commandContext(args, io, redactor, options);
      hosts = made.hosts;
      return made.context;
    };
    const source: DeclarationSource = {
      builtins: BUILTIN_PLUGINS,
      configPath: configPathOf(args),
      cwd: options.cwd,
      ...options.host,
    };
    if (!args.command || args.command === 'help') {
      await printProgramHelp({ io, source, context });
      return args.command || args.options['help'] ? 0 : 2;
    }
    if (!builtin) return await runPluginCommand(argv, args.command, await context(), source);
    if (args.options['help']) {
      io.stdout.write(commandHelp(builtin));
      return 0;
    }
    return await builtin.run(await context());
  } catch (error) {
    return reportError(error, io, verbose);
  } finally {
    hosts?.restoreUmask();
  }
}

function reportError(error: unknown, io: CliIo, verbose: boolean): number {
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
