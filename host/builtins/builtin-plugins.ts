import type { BuiltinPlugin, BuiltinTable } from '../kernel/plugins/builtin-table.js';

const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * URL of a module in a folder of the repository's `plugins/`, next to this file's tree (the source
 * under tsx, or dist/): a built-in's `index` or `commands`, or the demo's sandbox.
 */
export function pluginModuleUrl(folder: string, module: 'index' | 'commands' = 'index'): URL {
  return new URL(`../../plugins/${folder}/${module}.${extension}`, import.meta.url);
}

/** A built-in in `plugins/<id>/`; `commands`: it declares its commands in `commands.ts` beside its entry. */
function builtin(
  id: string,
  about: Omit<BuiltinPlugin, 'id' | 'url' | 'commandsUrl'> & { commands?: true } = {},
): BuiltinPlugin {
  const { commands, ...rest } = about;
  return { id, url: pluginModuleUrl(id), ...(commands && { commandsUrl: pluginModuleUrl(id, 'commands') }), ...rest };
}

/**
 * This repository's built-in plugins, in load order. They use exactly the public API third-party plugins
 * use. Each lists what it contributes that a config names (a test checks it against what it registers);
 * the execution log enforces the limits; PostgreSQL's loads only with `cluster:`; the metrics and the
 * console serve HTTP only.
 */
export const BUILTIN_PLUGINS: BuiltinTable = [
  builtin('credentials', {
    names: { credentials: ['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer', 'bearer-token'] },
  }),
  builtin('salesforce-user-attributes', { names: { connectors: ['salesforce-user-attributes'] } }),
  builtin('rest-json-user-attributes', { names: { connectors: ['rest-json-user-attributes'] } }),
  builtin('execution-log', { commands: true, enforcesLimits: true }),
  builtin('sink-sqlite', { commands: true, names: { sinks: ['sqlite'] } }),
  builtin('sink-jsonl', { names: { sinks: ['jsonl'] } }),
  builtin('sink-nexthink-enrichment', { names: { sinks: ['nexthink-enrichment'] } }),
  builtin('metrics', { belongsTo: 'server' }),
  builtin('console', { belongsTo: 'server' }),
  builtin('postgres', { belongsTo: 'cluster' }),
];
