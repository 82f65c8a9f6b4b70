import {
  CHANGES_TABLE,
  LOG_FIELDS,
  LOG_TABLE,
  type ConnectorHistory,
  type ExecutionLogStore,
  compareNqlValues,
  evaluateNql,
} from '../../../core/index.js';

const DAY_MS = 86_400_000;

/** A surrogate without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text kept as UTF-8 can hold it: a lone surrogate becomes U+FFFD, as Node.js 24 encodes it for SQLite
 * (older versions hand SQLite bytes that are not UTF-8, read back as three U+FFFD: no store promises
 * more for such text than a replacement character).
 */
const wellFormed = (value: string | number): string | number =>
  typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : value;

/** An entry as the SQLite store's table holds it, keyed by column. */
type StoredEntry = Readonly<Record<string, string | number>>;

/**
 * The execution log without SQLite, for a host that has none (the kit's test host on Node.js 20 without
 * better-sqlite3): it keeps what `openLogStore` keeps and answers NQL (evaluated, not compiled) and
 * `connectors()` exactly as it does. `changeRows` gives the change ledger's rows, keyed by the columns
 * of `user_attribute_changes`, oldest first, for `platform.user_attribute_changes`.
 */
export function memoryLogStore(
  options: {
    readonly now?: () => Date;
    readonly retentionDays?: number | undefined;
    readonly changeRows?: () => readonly Readonly<Record<string, unknown>>[];
  } = {},
): ExecutionLogStore {
  let entries: StoredEntry[] = [];
  const now = options.now ?? (() => new Date());
  const { retentionDays, changeRows = () => [] } = options;

  return {
    async append(result) {
      // Every value is read before any is kept, as the SQLite store reads them for one INSERT.
      const values = LOG_FIELDS.map((f) => wellFormed(f.read(result)));
      entries.push(Object.freeze(Object.fromEntries(LOG_FIELDS.map((f, i) => [f.column, values[i]!]))));
      if (retentionDays !== undefined && retentionDays > 0) {
        const cutoff = new Date(now().getTime() - retentionDays * DAY_MS).toISOString();
        entries = entries.filter((e) => compareNqlValues(e['time']!, cutoff) >= 0);
      }
    },
    query: async (query, at) =>
      evaluateNql(query, at, (table) =>
        table.sqlTable === LOG_TABLE ? entries : table.sqlTable === CHANGES_TABLE ? changeRows() : [],
      ),
    // SQLite's `MAX(time)` with bare columns: they come from the first entry (by id) holding the maximum.
    async connectors() {
      const newest = new Map<string | number, StoredEntry>();
      for (const entry of entries) {
        const seen = newest.get(entry['nql_id']!);
        if (!seen || compareNqlValues(entry['time']!, seen['time']!) > 0) newest.set(entry['nql_id']!, entry);
      }
      return [...newest.values()]
        .sort((a, b) => compareNqlValues(a['nql_id']!, b['nql_id']!))
        .map((e) => ({
          nqlId: e['nql_id'] as string,
          name: e['name'] as string,
          connector: e['connector'] as string,
          credentialsId: e['credentials_id'] as string,
          lastRun: new Date(e['time']!),
        })) satisfies ConnectorHistory[];
    },
    close: async () => undefined,
  };
}
