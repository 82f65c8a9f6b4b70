import { Command, CommanderError } from 'commander';
import type { CliCommand, CommandArgs } from 'tributary-kit/internal/core/cli-command.js';
import { ConfigError } from 'tributary-kit/internal/core/errors/error-classes.js';
import { closestName } from 'tributary-kit/internal/core/closest-name.js';

/** What a command declares about its arguments (built-in and plugin commands alike): the one place its flags are named. */
export type CommandDeclaration = Pick<
  CliCommand,
  'name' | 'summary' | 'help' | 'valueOptions' | 'flags' | 'acceptsPositionals'
>;

/** Options every command takes, with what `--help` says of them. */
const GLOBAL_OPTIONS: ReadonlyArray<{ readonly name: string; readonly value?: string; readonly description: string }> =
  [
    {
      name: 'config',
      value: 'path',
      description:
        'the config file (default: tributary.config.{yaml,yml,json,js,mjs,ts}, .tributaryrc* or package.json#tributary, found from the current folder upwards)',
    },
    { name: 'log-level', value: 'level', description: 'debug | info | warn | error | silent (default info)' },
    {
      name: 'log-format',
      value: 'format',
      description: "text (default; serve's lines start with the UTC time) | json (one JSON object a line)",
    },
    { name: 'verbose', description: 'show stack traces of unexpected errors' },
  ];
const GLOBAL_NAMES = GLOBAL_OPTIONS.map((o) => o.name);

/** The first line of the command's help when it is a usage line, else a generic one. */
function usageLine(command: Pick<CliCommand, 'name' | 'help'>): string {
  const first = command.help.split('\n', 1)[0]!;
  return first.startsWith('Usage:')
    ? first
    : `Usage: tributary ${command.name} [options] (tributary ${command.name} --help)`;
}

/**
 * The command's name: the first argument that is neither an option nor the value of a global option
 * (`tributary --config x.yaml run`). Commander then parses the rest against that command's declaration.
 */
export function commandName(argv: readonly string[]): string | undefined {
  const at = commandIndex(argv);
  return at === -1 ? undefined : argv[at];
}

function commandIndex(argv: readonly string[]): number {
  const valued = new Set(GLOBAL_OPTIONS.filter((o) => o.value).map((o) => `--${o.name}`));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return -1;
    if (valued.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

const silent = { writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined };

/** Wide enough that the commands' own help prose (lines under 110 characters) is never re-wrapped. */
const HELP_WIDTH = 120;

function program(): Command {
  return new Command('tributary')
    .exitOverride()
    .configureOutput(silent)
    .configureHelp({ helpWidth: HELP_WIDTH })
    .showSuggestionAfterError(false)
    .helpOption(false)
    .helpCommand(false);
}

/** The command as commander sees it: its declared options, the global ones, `-h/--help`, positionals or none. */
function declare(parent: Command, command: CommandDeclaration): Command {
  // -h/--help is an ordinary flag here: the CLI prints the help itself (after loading a plugin command).
  const cmd = parent
    .command(command.name)
    .exitOverride()
    .configureOutput(silent)
    .configureHelp({ helpWidth: HELP_WIDTH })
    .showSuggestionAfterError(false)
    .helpOption(false);
  const [first, ...prose] = command.help.split('\n');
  const usage = first?.startsWith(`Usage: tributary ${command.name}`)
    ? first.slice(`Usage: tributary ${command.name}`.length).trim()
    : '[options]';
  cmd.usage(usage).description(first?.startsWith('Usage:') ? prose.join('\n').trim() : command.help);
  const taken = new Set<string>();
  const option = (name: string, value?: string, description = ''): void => {
    if (taken.has(name)) return;
    taken.add(name);
    cmd.option(value ? `--${name} <${value}>` : `--${name}`, description);
  };
  for (const name of command.valueOptions ?? []) option(name, 'value');
  for (const name of command.flags ?? []) option(name);
  for (const o of GLOBAL_OPTIONS) option(o.name, o.value, o.description);
  if (!taken.has('help')) cmd.option('-h, --help', 'this help');
  // A plugin command without `flags` (plugin API 1) gets every undeclared --name, as `true`.
  if (command.flags === undefined) cmd.allowUnknownOption();
  if (command.acceptsPositionals === false) cmd.allowExcessArguments(false);
  else cmd.argument('[arguments...]');
  return cmd;
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Commander's refusal as the sentence the CLI has always printed, and exit 2. */
function usageError(error: CommanderError, command: CommandDeclaration, cmd: Command): ConfigError {
  const say = (sentence: string): ConfigError => new ConfigError('USAGE', `${sentence}\n${usageLine(command)}`);
  const token = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'commander.unknownOption') {
    if (!token.startsWith('--'))
      return say(`Unknown option ${token} for "${command.name}" (options are written --name).`);
    const [name] = token.slice(2).split('=', 1) as [string];
    if ((command.flags ?? []).includes(name) || name === 'verbose')
      return say(`The option --${name} of "${command.name}" takes no value.`);
    const suggestion = closestName(name, [
      ...(command.flags ?? []),
      ...(command.valueOptions ?? []),
      ...GLOBAL_NAMES,
      'help',
    ]);
    return say(`Unknown option --${name} for "${command.name}"${suggestion ? `: did you mean --${suggestion}?` : '.'}`);
  }
  if (error.code === 'commander.excessArguments')
    return say(`"${command.name}" takes no arguments, got ${cmd.args.map((a) => JSON.stringify(a)).join(' ')}.`);
  if (error.code === 'commander.optionMissingArgument')
    return new ConfigError('USAGE', `${token.split(' ')[0]} needs a value`);
  return say(error.message.replace(/^error: /, ''));
}

/**
 * Parses a command's arguments with commander against what it declares (its `valueOptions`, `flags`
 * and `acceptsPositionals`, plus the global options). A usage error (an undeclared option, with the
 * closest one as a suggestion; a value given to a flag; a positional to a command that takes none; a
 * missing value) throws a ConfigError: exit 2, nothing run.
 */
export function parseCommandLine(argv: readonly string[], command: CommandDeclaration): CommandArgs {
  const rest = [...argv];
  const at = commandIndex(argv);
  if (at !== -1 && argv[at] === command.name) rest.splice(at, 1);
  const cmd = declare(program(), command);
  try {
    cmd.parse(rest, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw usageError(error, command, cmd);
    throw error;
  }
  const opts = cmd.opts<Record<string, string | boolean | undefined>>();
  const options: Record<string, string | boolean> = {};
  for (const name of [...(command.valueOptions ?? []), ...(command.flags ?? []), ...GLOBAL_NAMES, 'help']) {
    const value = opts[camel(name)];
    if (value !== undefined) options[name] = value;
  }
  const positionals: string[] = [];
  for (const arg of cmd.args) {
    // Only a plugin command without `flags` lets undeclared options through: they reach it as `true` (or their `=value`).
    const match = command.flags === undefined ? /^--([^=]+)(?:=(.*))?$/.exec(arg) : null;
    if (match) options[match[1]!] = match[2] ?? true;
    else positionals.push(arg);
  }
  return { positionals, options };
}

/** `tributary <command> --help`: commander's help for the command, its prose as the description. */
export function commandHelp(command: CommandDeclaration): string {
  return declare(program(), command).helpInformation();
}

/** `tributary --help`: every command with its summary, the global options and the exit codes. */
export function programHelp(commands: ReadonlyArray<Pick<CommandDeclaration, 'name' | 'summary'>>): string {
  const root = program().usage('<command> [options] [--config PATH]');
  for (const o of GLOBAL_OPTIONS) root.option(o.value ? `--${o.name} <${o.value}>` : `--${o.name}`, o.description);
  root.option('-h, --help', 'help for a command: tributary <command> --help');
  for (const command of commands) root.command(command.name).description(command.summary);
  return `${root.helpInformation()}\nExit codes: 0 success, 3 partial, 1 failure, 2 usage or configuration error.\n`;
}
