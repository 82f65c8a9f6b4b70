import type { ConnectorContext, HttpClient, RecordBatch } from '../../../core/index.js';
import { fetchPages } from './fetch-pages.js';
import { compilePageExpressions, evaluate } from './page-expressions.js';
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

/** A positive whole number from the `totalPath` expression, else undefined. */
export async function totalOf(
  expression: Parameters<typeof evaluate>[0] | undefined,
  body: unknown,
): Promise<number | undefined> {
  if (!expression) return undefined;
  const value = Number(await evaluate(expression, body));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Reads every page as one record batch each; stops at the row limit without fetching another page, and
 * then, when the API gave no total but points at a further page, says that more rows exist.
 */
export async function* readRecords(
  context: ConnectorContext<RestJsonParameters>,
  http: HttpClient,
): AsyncGenerator<RecordBatch> {
  const expressions = compilePageExpressions(context.parameters);
  const pages = fetchPages(clientFor(context, http), {
    pagination: context.parameters.pagination,
    expressions,
    done: (received) => received >= context.maxRows || context.stopRequested,
  });
  let first = true;
  let total: number | undefined;
  let received = 0;
  for await (const page of pages) {
    if (first) {
      first = false;
      total = await totalOf(expressions.total, page.body);
      if (total !== undefined) context.expectRows(total);
    }
    received += page.records.length;
    // Before the yield: at the row limit the host ends the iteration there.
    if (total === undefined && page.hasNext && received >= context.maxRows) context.moreAvailable();
    yield { records: page.records };
  }
}
