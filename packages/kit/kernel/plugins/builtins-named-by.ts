import { DEFAULT_SINK_TYPE, type BuiltinTable, type NamingList } from './builtin-table.js';

/** The names an entry of each list gives, as written (the config is not validated yet); undefined: one is not a string. */
export function namesIn(config: Readonly<Record<string, unknown>>, list: NamingList): string[] | undefined {
  const entries = config[list] ?? [];
  if (!Array.isArray(entries)) return undefined;
  const field = list === 'connectors' ? 'connector' : 'type';
  const names = entries.map((entry: unknown) =>
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined,
  );
  return names.every((name) => typeof name === 'string') ? (names as string[]) : undefined;
}

/**
 * The built-ins of `table` a host needs for a config read from its file, in load order: those enforcing
 * the limits, `also` (a command's plugin, by id), and each built-in contributing a template, credential
 * type or sink type the config names. Undefined, to load every built-in, when the names alone do not
 * tell: the config has `plugins:` or `cluster:` (whose plugins may need any built-in), is not an object,
 * or names something no built-in contributes (the problem then lists every built-in's names, as it
 * always has). The cluster's built-ins are never among them.
 */
export function builtinsNamedBy(
  table: BuiltinTable,
  config: unknown,
  also: readonly string[] = [],
): BuiltinTable | undefined {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined;
  const record = config as Readonly<Record<string, unknown>>;
  if (record['plugins'] !== undefined || record['cluster'] !== undefined) return undefined;
  const named = new Map<NamingList, string[] | undefined>(
    (['connectors', 'credentials', 'sinks'] as const).map((list) => [list, namesIn(record, list)]),
  );
  if ([...named.values()].some((names) => names === undefined)) return undefined;
  if (!named.get('sinks')!.length) named.set('sinks', [DEFAULT_SINK_TYPE]);
  const candidates = table.filter((entry) => entry.belongsTo !== 'cluster');
  const allKnown = [...named].every(([list, names]) =>
    names!.every((name) => candidates.some((entry) => entry.names?.[list]?.includes(name))),
  );
  if (!allKnown) return undefined;
  return candidates.filter(
    (entry) =>
      entry.enforcesLimits ||
      also.includes(entry.id) ||
      [...named].some(([list, names]) => names!.some((name) => entry.names?.[list]?.includes(name))),
  );
}
