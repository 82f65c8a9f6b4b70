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

/** The config's lists whose entries name what a plugin contributes. */
type NamingList = 'connectors' | 'credentials' | 'sinks';

/**
 * What each built-in contributes that a config names: the template of a `connectors` entry, the `type`
 * of a `credentials` or `sinks` entry. The execution log and the server's built-ins are named by none.
 */
export const BUILTIN_NAMES: Readonly<Record<string, Partial<Record<NamingList, readonly string[]>>>> = {
  credentials: { credentials: ['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer', 'bearer-token'] },
  'salesforce-user-attributes': { connectors: ['salesforce-user-attributes'] },
  'rest-json-user-attributes': { connectors: ['rest-json-user-attributes'] },
  'sink-sqlite': { sinks: ['sqlite'] },
  'sink-jsonl': { sinks: ['jsonl'] },
  'sink-nexthink-enrichment': { sinks: ['nexthink-enrichment'] },
};

/** The type of the sink a config without `sinks` gets. */
const DEFAULT_SINK_TYPE = 'sqlite';

/** The names an entry of each list gives, as written (the config is not validated yet); undefined: one is not a string. */
function namesIn(config: Readonly<Record<string, unknown>>, list: NamingList): string[] | undefined {
  const entries = config[list] ?? [];
  if (!Array.isArray(entries)) return undefined;
  const field = list === 'connectors' ? 'connector' : 'type';
  const names = entries.map((entry: unknown) =>
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined,
  );
  return names.every((name) => typeof name === 'string') ? (names as string[]) : undefined;
}

/**
 * The built-ins a host needs for a config read from its file, in load order: the execution log (the
 * limits), `also` (a command's plugin), and each built-in contributing a template, credential type or sink
 * type the config names. Undefined, to load every built-in, when the names alone do not tell: the config
 * has `plugins:` or `cluster:` (whose plugins may need any built-in), is not an object, or names something
 * no built-in contributes (the problem then lists every built-in's names, as it always has).
 */
export function builtinsNamedBy(config: unknown, also: readonly string[] = []): readonly string[] | undefined {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined;
  const record = config as Readonly<Record<string, unknown>>;
  if (record['plugins'] !== undefined || record['cluster'] !== undefined) return undefined;
  const named = new Map<NamingList, string[] | undefined>(
    (['connectors', 'credentials', 'sinks'] as const).map((list) => [list, namesIn(record, list)]),
  );
  if ([...named.values()].some((names) => names === undefined)) return undefined;
  if (!named.get('sinks')!.length) named.set('sinks', [DEFAULT_SINK_TYPE]);
  const contributes = (id: string, list: NamingList, name: string): boolean =>
    BUILTIN_NAMES[id]?.[list]?.includes(name) ?? false;
  const allKnown = [...named].every(([list, names]) =>
    names!.every((name) => BUILTIN_PLUGINS.some((id) => contributes(id, list, name))),
  );
  if (!allKnown) return undefined;
  return BUILTIN_PLUGINS.filter(
    (id) =>
      id === LIMITS_PLUGIN ||
      also.includes(id) ||
      [...named].some(([list, names]) => names!.some((name) => contributes(id, list, name))),
  );
}
