import type { CliCommand } from 'tributary-kit/internal/core/cli-command.js';
import { closestName } from 'tributary-kit/internal/core/closest-name.js';
import { ConfigError } from 'tributary-kit/internal/core/errors/error-classes.js';
import {
  commandDeclarations,
  type DeclarationSource,
} from 'tributary-kit/internal/kernel/plugins/command-declarations.js';
import type { CommandContext } from './builtin-command.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { commandHelp, parseCommandLine } from './command-line.js';

function unknownCommand(name: string, known: readonly string[]): ConfigError {
  const suggestion = closestName(name, known);
  return new ConfigError(
    'USAGE',
    `Unknown command "${name}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}. Commands: ${known.join(', ')}`,
  );
}

const builtinNames = (): string[] => BUILTIN_COMMANDS.filter((c) => !c.hidden).map((c) => c.name);

/**
 * A command a plugin contributes, parsed against its own declaration. A name no plugin declares is a
 * usage error with a suggestion, found without building a host, unless a plugin declares no commands
 * (or the config does not load: building the host then reports why).
 */
export async function runPluginCommand(
  argv: readonly string[],
  name: string,
  context: CommandContext,
  source: DeclarationSource,
): Promise<number> {
  const declarations = await commandDeclarations(source);
  const declared = declarations.commands.find((c) => c.name === name);
  if (!declared && !declarations.undeclared.length && !declarations.configUnreadable)
    throw unknownCommand(name, [...builtinNames(), ...declarations.commands.map((c) => c.name)]);
  const host = await context.loadHost({ optionalConfig: true, deferMappingErrors: true, plugin: declared?.plugin });
  const command: CliCommand | undefined = host.registry.commands.get(name);
  if (!command) {
    await host.close();
    throw unknownCommand(name, [...builtinNames(), ...host.registry.commands.keys()]);
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
