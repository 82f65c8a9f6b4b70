import { ConfigError, type CliCommand, type CommandArgs } from '../../core/index.js';
import { closestName } from './closest-name.js';
import { GLOBAL_FLAGS, GLOBAL_VALUE_OPTIONS } from './parse-args.js';

/** What a command declares about its arguments (built-in and plugin commands alike). */
export type CommandDeclaration = Pick<CliCommand, 'name' | 'help' | 'valueOptions' | 'flags' | 'acceptsPositionals'>;

/** The first line of the command's help when it is a usage line, else a generic one. */
export function usageLine(command: CommandDeclaration): string {
  const first = command.help.split('\n', 1)[0]!;
  return first.startsWith('Usage:') ? first : `Usage: tributary ${command.name} [options] (tributary ${command.name} --help)`;
}

function usageError(command: CommandDeclaration, sentence: string): ConfigError {
  return new ConfigError('USAGE', `${sentence}\n${usageLine(command)}`);
}

/** A single-dash argument such as `-n` (only `-h` is known, as `--help`). */
const SHORT_OPTION = /^-[A-Za-z]/;

/**
 * Throws a usage error (exit 2, nothing run) for an option the command does not declare (with the
 * closest known one as a suggestion), a value given to a flag, or a positional argument to a command
 * that takes none. A plugin command without `flags` is not checked for options (plugin API 1).
 */
export function checkArgs(args: CommandArgs, command: CommandDeclaration): void {
  if (command.flags) {
    const valueOptions = [...GLOBAL_VALUE_OPTIONS, ...(command.valueOptions ?? [])];
    const flags = [...GLOBAL_FLAGS, ...command.flags];
    for (const [name, value] of Object.entries(args.options)) {
      if (flags.includes(name)) {
        if (value !== true) throw usageError(command, `The option --${name} of "${command.name}" takes no value.`);
      } else if (!valueOptions.includes(name)) {
        const suggestion = closestName(name, [...flags, ...valueOptions]);
        throw usageError(command, `Unknown option --${name} for "${command.name}"${suggestion ? `: did you mean --${suggestion}?` : '.'}`);
      }
    }
    const short = args.positionals.find((p) => SHORT_OPTION.test(p));
    if (short !== undefined) throw usageError(command, `Unknown option ${short} for "${command.name}" (options are written --name).`);
  }
  if (command.acceptsPositionals === false && args.positionals.length) {
    throw usageError(command, `"${command.name}" takes no arguments, got ${args.positionals.map((p) => JSON.stringify(p)).join(' ')}.`);
  }
}
