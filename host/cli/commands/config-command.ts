import { ConfigError, ConfigProblemsError } from 'tributary-kit';
import { createHost } from '../../builtins/create-host.js';
import type { BuiltinCommand, CommandContext } from '../builtin-command.js';

const SUBCOMMANDS = ['schema'] as const;

export const configCommand: BuiltinCommand = {
  name: 'config',
  summary: "Print the config file's JSON Schema (config schema), for editors",
  help: `Usage: tributary config schema [--config PATH]

Prints the JSON Schema (draft-07) of the config file: the host's own keys, and for each loaded
plugin the keys of its credential types, sink types and connector templates' parameters, chosen by
an entry's type or connector (the built-ins, and the plugins the config names). Editors with YAML
support complete and check a config with it:

  tributary config schema > tributary.schema.json
  # then, as the config file's first line:
  # yaml-language-server: $schema=./tributary.schema.json

Keys the host refuses are refused by the schema too (a misspelt key, an unknown type); what only
the host checks (references between entries, secrets written in the file, JSONata) is not in it.
A config that does not load gives the built-in plugins' schema, with a warning.

Exit codes: 0 printed, 2 usage error.`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: true,
  async run(context) {
    const [subcommand, ...rest] = context.args.positionals;
    if (subcommand !== 'schema' || rest.length > 0)
      throw new ConfigError(
        'USAGE',
        `${subcommand === undefined ? 'config needs a subcommand' : `Unknown config subcommand "${[subcommand, ...rest].join(' ')}"`}: ${SUBCOMMANDS.join(', ')} (tributary config schema)`,
      );
    const host = await hostForSchema(context);
    try {
      // Loaded here, not with the CLI: no other command pays for the converter.
      const { configJsonSchema } = await import('tributary-kit/internal/kernel/config/config-json-schema.js');
      context.io.stdout.write(`${JSON.stringify(configJsonSchema(host.registry), null, 2)}\n`);
      return 0;
    } finally {
      await host.close();
    }
  },
};

/** The host whose plugins the schema lists: the config's, or, when the config does not load, the built-ins alone. */
async function hostForSchema({ loadHost, hostOptions, io }: CommandContext) {
  try {
    return await loadHost({ optionalConfig: true, deferMappingErrors: true, everyBuiltin: true });
  } catch (error) {
    if (!(error instanceof ConfigProblemsError)) throw error;
    io.stderr.write(
      `Warning: the config does not load (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}, tributary validate lists them): the schema has the built-in plugins' types only\n`,
    );
    return createHost({ ...hostOptions, config: {} });
  }
}
