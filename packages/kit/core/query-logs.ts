import type { ExecutionLogStore, LogQueryResult } from './execution-log-store.js';
import { parseNql } from './nql/parse-nql.js';
import { NQL_TABLE } from './nql/nql-tables.js';

/** What `tributary logs` shows without a query: the 20 newest entries. */
export const DEFAULT_NQL = `${NQL_TABLE} | sort time desc | limit 20`;

/**
 * Runs an NQL query (or {@link DEFAULT_NQL} when blank) over a store. Throws `NqlSyntaxError`
 * for a query that does not parse (before the store is asked anything).
 */
export async function queryLogs(
  store: ExecutionLogStore,
  nql: string | undefined,
  now = new Date(),
): Promise<LogQueryResult> {
  const text = nql?.trim() ? nql : DEFAULT_NQL;
  return store.query(parseNql(text), now);
}
