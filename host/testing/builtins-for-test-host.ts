import { BUILTIN_NAMES, BUILTIN_PLUGINS, CLUSTER_PLUGINS } from '../kernel/plugins/builtin-plugins.js';

/** The config's lists that name what a plugin contributes: a connector's template, a sink's or credential's type. */
type NamingList = 'connectors' | 'sinks' | 'credentials';

/** The built-in that enforces the limits: every host loads it. */
const LIMITS_PLUGIN = 'execution-log';

/** The embedded store's sink type: the default sink's (without `cluster:`, whose default is PostgreSQL's). */
const SQLITE_SINK_TYPE = 'sqlite';

/** The strings at `field` of each entry of `list` in the config, as written (not validated yet). */
function named(config: Record<string, unknown>, list: NamingList): string[] {
  const entries = config[list];
  if (!Array.isArray(entries)) return [];
  const field = list === 'connectors' ? 'connector' : 'type';
  return entries.flatMap((entry: unknown) => {
    const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

/**
 * The built-in plugins a test host's config needs, in their load order (unlike the CLI's choice, a name
 * no built-in contributes, the plugin under test's, still loads only these): the execution log (the limits), each
 * built-in contributing a template, sink type or credential type the config names, the sqlite sink's
 * when it declares no sink (the default sink) or has `cluster:` (the `users` command), and with
 * `cluster:` the cluster's.
 */
export function builtinsForTestHost(config: unknown): string[] {
  const object = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  const cluster = 'cluster' in object;
  const names: Record<NamingList, Set<string>> = {
    connectors: new Set(named(object, 'connectors')),
    sinks: new Set(named(object, 'sinks')),
    credentials: new Set(named(object, 'credentials')),
  };
  const declaresSinks = Array.isArray(object['sinks']) && object['sinks'].length > 0;
  // In a cluster too: the sqlite sink's plugin holds the `users` command, which reads the cluster's store.
  if (!declaresSinks || cluster) names.sinks.add(SQLITE_SINK_TYPE);
  const needed = (id: string): boolean =>
    id === LIMITS_PLUGIN ||
    Object.entries(BUILTIN_NAMES[id] ?? {}).some(([list, keys]) => keys.some((k) => names[list as NamingList].has(k)));
  return [...BUILTIN_PLUGINS.filter(needed), ...(cluster ? CLUSTER_PLUGINS : [])];
}
