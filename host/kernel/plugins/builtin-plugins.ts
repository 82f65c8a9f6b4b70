/** Plugins that always load, in this order. They use exactly the public API third-party plugins use. */
export const BUILTIN_PLUGINS: readonly string[] = [
  'credentials',
  'salesforce-user-attributes',
  'rest-json-user-attributes',
  'execution-log',
  'sink-sqlite',
  'sink-jsonl',
  'sink-nexthink-enrichment',
  'metrics',
  'console',
];

/** Built-in plugins loaded only with `cluster:` in the config: PostgreSQL is not needed otherwise. */
export const CLUSTER_PLUGINS: readonly string[] = ['postgres'];

/**
 * Built-in plugins that contribute only to what serve's HTTP server answers (routes, and the run
 * metrics /metrics renders). A host that serves no HTTP (every command but serve and plugins) skips
 * them when built with `withoutServerPlugins`.
 */
const SERVER_PLUGINS: readonly string[] = ['metrics', 'console'];

/**
 * Built-in plugins that contribute commands. Each declares them (name and summary) in `commands.js`
 * beside its entry module, so that `--help` lists them, and a command line finds its plugin, without
 * importing the plugin. The other built-ins contribute none.
 */
export const BUILTINS_WITH_COMMANDS: readonly string[] = ['execution-log', 'sink-sqlite'];

const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** URL of a built-in plugin's entry module, next to this file's tree (source under tsx, or dist). */
export function builtinPluginUrl(id: string): URL {
  return new URL(`../../../plugins/${id}/index.${extension}`, import.meta.url);
}

/** URL of a built-in plugin's command declarations (see {@link BUILTINS_WITH_COMMANDS}). */
export function builtinCommandsUrl(id: string): URL {
  return new URL(`../../../plugins/${id}/commands.${extension}`, import.meta.url);
}

/** The built-in plugin that enforces the limits: it loads even without the other built-ins. */
const LIMITS_PLUGIN = 'execution-log';

/**
 * The built-in plugins a host loads: all of them (and the cluster's with `cluster:`; without the
 * server's with `withoutServerPlugins`), or with `withoutBuiltins` only the one enforcing the limits,
 * unless a plugin given inline takes its id.
 */
export function builtinPluginIds(options: {
  readonly withoutBuiltins?: boolean;
  readonly withoutServerPlugins?: boolean;
  readonly cluster?: boolean;
  readonly inlineIds?: readonly string[];
}): readonly string[] {
  if (options.withoutBuiltins) return options.inlineIds?.includes(LIMITS_PLUGIN) ? [] : [LIMITS_PLUGIN];
  const ids = [...BUILTIN_PLUGINS, ...(options.cluster ? CLUSTER_PLUGINS : [])];
  return options.withoutServerPlugins ? ids.filter((id) => !SERVER_PLUGINS.includes(id)) : ids;
}
