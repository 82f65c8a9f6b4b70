import { REGISTRY_POINTS } from 'tributary-kit/internal/kernel/plugins/plugin-registry.js';
import type { BuiltinCommand } from '../builtin-command.js';

const LABELS = {
  connectorTemplates: 'connector templates',
  credentialTypes: 'credential types',
  sinkTypes: 'sink types',
  executionListeners: 'execution listeners',
  commands: 'commands',
  httpRoutes: 'HTTP routes',
} as const;

export const pluginsCommand: BuiltinCommand = {
  name: 'plugins',
  summary: 'List the loaded plugins and what each contributes',
  help: `Usage: tributary plugins [--config PATH]

Lists the built-in plugins and those named under "plugins:" in the config, with their version,
where they came from and what each contributes (connector templates, credential types, sinks,
execution listeners, commands, HTTP routes). Works without a config file (built-ins only).`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: false,
  async run({ io, loadHost }) {
    const host = await loadHost({ optionalConfig: true, deferMappingErrors: true, server: true });
    try {
      for (const { plugin, source, contributions, contributed } of host.registry.plugins) {
        const deprecated = plugin.apiVersion === 1 ? ' [plugin API 1, deprecated]' : '';
        io.stdout.write(
          `${plugin.id} ${plugin.version} (${source})${deprecated}${plugin.description ? ` — ${plugin.description}` : ''}\n`,
        );
        for (const [key, label] of Object.entries(LABELS) as Array<[keyof typeof LABELS, string]>) {
          const items = contributions[key];
          if (items.length) io.stdout.write(`  ${label}: ${items.join(', ')}\n`);
        }
        // Other points (user-attribute readers, points plugins define) by their ids.
        const listed = new Set(Object.values(REGISTRY_POINTS).map((point) => point.id));
        for (const [point, keys] of contributed)
          if (!listed.has(point) && keys.length) io.stdout.write(`  ${point}: ${keys.join(', ')}\n`);
      }
      return 0;
    } finally {
      await host.close();
    }
  },
};
