import { ConfigError, type CommandArgs } from '../../core/index.js';

export interface ParsedArgs extends CommandArgs {
  readonly command: string | undefined;
}

/** Options every command takes that carry a value. */
export const GLOBAL_VALUE_OPTIONS: readonly string[] = ['config', 'log-level', 'log-format'];

/** Options every command takes that carry none (`-h` is `--help`). */
export const GLOBAL_FLAGS: readonly string[] = ['verbose', 'help'];

/**
 * `tributary <command> [positionals] [--name value | --name=value | --flag]`. An option that takes a
 * value is declared by the command; a missing value is a usage error (exit 2). Any other `--name` is
 * kept as `true`: `checkArgs` then rejects the ones the command does not declare.
 */
export function parseArgs(argv: readonly string[], valueOptions: (command: string | undefined) => readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) {
        options[name] = arg.slice(eq + 1);
      } else if ([...GLOBAL_VALUE_OPTIONS, ...valueOptions(command)].includes(name)) {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new ConfigError('USAGE', `--${name} needs a value`);
        options[name] = value;
        i++;
      } else {
        options[name] = true;
      }
    } else if (arg === '-h') {
      options['help'] = true;
    } else if (command === undefined) {
      command = arg;
    } else {
      positionals.push(arg);
    }
  }
  return { command, positionals, options };
}
