import type { ConnectorContext, HttpClient, RecordBatch } from 'tributary-kit';
import { ChangeCursor } from './change-cursor.js';
import { countSource } from './count-source.js';
import { fetchPages } from './fetch-pages.js';
import { compilePageExpressions, totalOf } from './page-expressions.js';
import type { RestJsonParameters } from './parameters.js';
import { RestJsonClient } from './rest-json-client.js';

/** Creates the client of one check or read. */
export function clientFor(context: ConnectorContext<RestJsonParameters>, http: HttpClient): RestJsonClient {
  return new RestJsonClient({
    http,
    credential: context.credential,
    parameters: context.parameters,
    signal: context.signal,
    onRequest: () => context.countApiCall(),
  });
}

/**
 * Reads every page as one record batch each; stops at the row limit without fetching another page, and
 * then, when the API gave no total but points at a further page, says that more rows exist.
 *
 * A change read first counts the whole endpoint (`sourceHolds`), then reads with the since parameter.
 * When the host asks for a cursor, a read that went to the last page sets it to the latest change time.
 */
export async function* readRecords(
  context: ConnectorContext<RestJsonParameters>,
  http: HttpClient,
): AsyncGenerator<RecordBatch> {
  const { pagination } = context.parameters;
  const expressions = compilePageExpressions(context.parameters);
  const client = clientFor(context, http);
  const cursor = ChangeCursor.of(context);
  if (context.sync.mode === 'changes') {
    const count = await countSource(client, pagination, expressions);
    context.sourceHolds(count.total, count.origin);
  }
  const query = cursor?.query();
  const pages = fetchPages(client, {
    pagination,
    expressions,
    done: (received) => received >= context.maxRows || context.stopRequested,
    ...(query ? { query } : {}),
  });
  let first = true;
  let total: number | undefined;
  let received = 0;
  let pending = false;
  for await (const page of pages) {
    if (first) {
      first = false;
      total = await totalOf(expressions.total, page.body);
      if (total !== undefined) context.expectRows(total);
    }
    received += page.records.length;
    pending = page.hasNext === true;
    await cursor?.observe(page.records);
    // Before the yield: at the row limit the host ends the iteration there.
    if (total === undefined && page.hasNext && received >= context.maxRows) context.moreAvailable();
    yield { records: page.records };
  }
  // A read stopped before its last page sets no cursor: records not read may have changed earlier.
  const next = pending ? undefined : cursor?.next();
  if (next !== undefined) context.setCursor(next);
}
