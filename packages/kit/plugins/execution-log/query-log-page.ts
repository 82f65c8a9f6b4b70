import { NQL_TABLE, queryLogs, type ExecutionLogStore, type RunsPage } from '../../core/index.js';

/** What the HTTP API lists without a query: every entry, newest first. */
export const NEWEST_FIRST_NQL = `${NQL_TABLE} | sort time desc`;

/** One page of a query (default {@link NEWEST_FIRST_NQL}), with the total the query returns. */
export async function queryLogPage(
  store: ExecutionLogStore,
  nql: string | undefined,
  page: { readonly offset: number; readonly limit: number },
  now = new Date(),
): Promise<RunsPage> {
  const { columns, rows } = await queryLogs(store, nql?.trim() ? nql : NEWEST_FIRST_NQL, now);
  return {
    columns,
    entries: rows.slice(page.offset, page.offset + page.limit),
    offset: page.offset,
    limit: page.limit,
    total: rows.length,
  };
}
