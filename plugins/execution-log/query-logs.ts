import { compileNql } from './nql/compile-nql.js';
import { NQL_TABLE, parseNql } from './nql/parse-nql.js';
import type { LogRow, LogStore } from './store/log-store.js';

/** What `tributary logs` shows without a query: the 20 newest entries. */
export const DEFAULT_NQL = `${NQL_TABLE} | sort time desc | limit 20`;

export interface LogQueryResult {
  readonly columns: readonly string[];
  /** Plain objects keyed by the column names. */
  readonly rows: readonly LogRow[];
}

/**
 * Runs an NQL query (or {@link DEFAULT_NQL} when blank) over the store. Throws `NqlSyntaxError`
 * for a query that does not parse.
 */
export function queryLogs(store: LogStore, nql: string | undefined, now = new Date()): LogQueryResult {
  const text = nql?.trim() ? nql : DEFAULT_NQL;
  const compiled = compileNql(parseNql(text), now);
  return { columns: compiled.columns, rows: store.select(compiled.sql, compiled.params) };
}
