import type { SourceRecord } from 'tributary-kit';
import { patientSource } from './gated-source.js';
import { pagingOptions } from './paging-options.js';
import { queryPages, type PageSource } from './query-pages.js';
import type { RestartPolicy } from './restart-policy.js';
import type { QueryPage } from './salesforce-client.js';
import { foreignRecordType, notUserError } from './user-records.js';
import type { ReadSession, UserReader } from './user-reader.js';
import { withRestarts } from './with-restarts.js';

/** A page source whose first page was already read (the first cheap request), then the client's. */
function primed(session: ReadSession, first: QueryPage): PageSource {
  let used = false;
  return {
    firstPage: (plan, signal) => {
      if (used) return session.client.firstPage(plan, signal);
      used = true;
      return Promise.resolve(first);
    },
    nextPage: (url, signal) => session.client.nextPage(url, signal),
  };
}

/** Where a REST read's announced row count comes from, as the run's messages name it. */
export const QUERY_TOTAL = "Salesforce (the query's totalSize)";

/**
 * One attempt of the sequential read: the query's pages in order, following `nextRecordsUrl` (with
 * `prefetch` pages fetched ahead), the first page's `totalSize` announced as the rows to expect.
 * `first` is the query's first page when it was already read.
 */
export async function* sequentialPages(
  session: ReadSession,
  first?: QueryPage,
): AsyncGenerator<readonly SourceRecord[]> {
  const { context } = session;
  const plan = { query: context.parameters.query, queryAll: context.parameters.queryAll };
  const source = patientSource(first ? primed(session, first) : session.client, context, session.deps.retry);
  let isFirst = true;
  for await (const page of queryPages(source, plan, pagingOptions(context))) {
    if (isFirst) {
      isFirst = false;
      if (page.totalSize !== undefined) context.expectRows(page.totalSize, QUERY_TOTAL);
      const foreign = foreignRecordType(page);
      if (foreign !== undefined) throw notUserError(foreign);
    }
    yield page.records;
  }
}

/**
 * The query read one page after the other (`sequentialPages`), started over after an expired session
 * or locator. `first` is the query's first page when it was already read to choose the way of reading.
 */
export function sequentialReader(first?: QueryPage, restarts?: RestartPolicy): UserReader {
  return (session) =>
    withRestarts(session, (index) => sequentialPages(session, index === 0 ? first : undefined), restarts);
}
