import type { CliCommand } from 'tributary-kit/internal/core/cli-command.js';
import {
  commandDeclarations,
  type DeclarationSource,
} from 'tributary-kit/internal/kernel/plugins/command-declarations.js';
import type { CommandContext } from './builtin-command.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import type { CliIo } from './cli-io.js';
import { programHelp } from './command-line.js';

/** What `tributary --help` needs: where the config is, and a host only for plugins that declare no commands. */
export interface ProgramHelpInput {
  readonly io: CliIo;
  /** Which plugins the host would load: the config (given in code, named or found) and the host options. */
  readonly source: DeclarationSource;
  /** Builds the command context (logger, host loader): only when a plugin's commands are not declared. */
  readonly context: () => Promise<CommandContext>;
}

/**
 * `tributary` or `tributary help`: every command, the plugins' ones too. Plugins declare their
 * commands' names and summaries (see command-declarations), so this imports no plugin and builds no
 * host, even when the config is missing or does not parse. Only a plugin that declares none (a
 * `plugins:` entry without `tributaryPlugin.commands` in its package.json, a plugin given in code) makes
 * it load the host to ask the plugins; when that fails, the help says whose commands are missing.
 */
export async function printProgramHelp(input: ProgramHelpInput): Promise<void> {
  const declarations = await commandDeclarations(input.source);
  let pluginCommands: ReadonlyArray<Pick<CliCommand, 'name' | 'summary'>> = declarations.commands;
  const notes: string[] = [];
  if (declarations.undeclared.length) {
    const context = await input.context();
    const host = await context.loadHost({ optionalConfig: true, deferMappingErrors: true }).catch(() => undefined);
    if (host) {
      pluginCommands = [...host.registry.commands.values()];
      await host.close();
    } else {
      notes.push(
        `The commands of ${declarations.undeclared.join(', ')} are not listed: the config does not load (tributary validate says why).`,
      );
    }
  } else if (declarations.configUnreadable) {
    notes.push(
      'The config does not load (tributary validate says why): commands of plugins it names under plugins: are not listed.',
    );
  }
  const commands = [...BUILTIN_COMMANDS.filter((c) => !c.hidden), ...pluginCommands];
  input.io.stdout.write(programHelp(commands) + notes.map((n) => `\n${n}\n`).join(''));
}
