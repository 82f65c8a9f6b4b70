import {
  DEFAULT_SINK_TYPE,
  type BuiltinPlugin,
  type BuiltinTable,
  type NamingList,
} from '../kernel/plugins/builtin-table.js';
import { namesIn } from '../kernel/plugins/builtins-named-by.js';

/** The names a config's list gives (none when one is not a string: the config is refused then anyway). */
const named = (config: Record<string, unknown>, list: NamingList): string[] => namesIn(config, list) ?? [];

/**
 * The built-in plugins of `table` a test host's config needs, in their load order (unlike the CLI's choice,
 * a name no built-in contributes, the plugin under test's, still loads only these): those enforcing the limits, each
 * built-in contributing a template, sink type or credential type the config names, the sqlite sink's
 * when it declares no sink (the default sink) or has `cluster:` (the `users` command), and with
 * `cluster:` the cluster's.
 */
export function builtinsForTestHost(table: BuiltinTable, config: unknown): BuiltinTable {
  const object = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  const cluster = 'cluster' in object;
  const names: Record<NamingList, Set<string>> = {
    connectors: new Set(named(object, 'connectors')),
    sinks: new Set(named(object, 'sinks')),
    credentials: new Set(named(object, 'credentials')),
  };
  const declaresSinks = Array.isArray(object['sinks']) && object['sinks'].length > 0;
  // In a cluster too: the sqlite sink's plugin holds the `users` command, which reads the cluster's store.
  if (!declaresSinks || cluster) names.sinks.add(DEFAULT_SINK_TYPE);
  const needed = ({ enforcesLimits, names: contributed = {} }: BuiltinPlugin): boolean =>
    enforcesLimits === true ||
    Object.entries(contributed).some(([list, keys]) => keys.some((k) => names[list as NamingList].has(k)));
  return table.filter((entry) =>
    entry.belongsTo === 'cluster' ? cluster : entry.belongsTo !== 'server' && needed(entry),
  );
}
