import { compileNql } from './nql/compile-nql.js';
import { NQL_TABLE, parseNql } from './nql/parse-nql.js';
import type { RunsPage } from '../../core/index.js';
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

/** What the HTTP API lists without a query: every entry, newest first. */
export const NEWEST_FIRST_NQL = `${NQL_TABLE} | sort time desc`;

/** One page of a query (default {@link NEWEST_FIRST_NQL}), with the total the query returns. */
export function queryLogPage(store: LogStore, nql: string | undefined, page: { readonly offset: number; readonly limit: number }, now = new Date()): RunsPage {
  const { columns, rows } = queryLogs(store, nql?.trim() ? nql : NEWEST_FIRST_NQL, now);
  return { columns, entries: rows.slice(page.offset, page.offset + page.limit), offset: page.offset, limit: page.limit, total: rows.length };
}
