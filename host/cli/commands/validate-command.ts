import type { BuiltinCommand } from '../builtin-command.js';

export const validateCommand: BuiltinCommand = {
  name: 'validate',
  summary: 'Check the config file offline (schema, plugins, references, mappings)',
  help: `Usage: tributary validate [--config PATH]

Loads the config and every plugin and checks everything that can be checked without the network:
the schema, each credential, sink and connector against its type, references between them, and
every JSONata expression. Prints every problem at once with its path.

Exit codes: 0 valid, 2 invalid.`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: false,
  async run({ io, loadHost }) {
    const host = await loadHost();
    try {
      const { connectors, credentials, sinks } = host.config;
      io.stdout.write(
        `Configuration OK${host.configPath ? ` (${host.configPath})` : ''}: ${connectors.length} connector${connectors.length === 1 ? '' : 's'}` +
          `${connectors.length ? ` (${connectors.map((c) => c.nqlId).join(', ')})` : ''}, ${credentials.length} credential${credentials.length === 1 ? '' : 's'}, ` +
          `${sinks.length} sink${sinks.length === 1 ? '' : 's'}\n`,
      );
      return 0;
    } finally {
      await host.close();
    }
  },
};
