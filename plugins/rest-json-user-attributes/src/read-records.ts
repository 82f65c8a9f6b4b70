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
export async function totalOf(expression: Parameters<typeof evaluate>[0] | undefined, body: unknown): Promise<number | undefined> {
  if (!expression) return undefined;
  const value = Number(await evaluate(expression, body));
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Reads every page as one record batch each; stops at the row limit without fetching another page. */
export async function* readRecords(context: ConnectorContext<RestJsonParameters>, http: HttpClient): AsyncGenerator<RecordBatch> {
  const expressions = compilePageExpressions(context.parameters);
  const pages = fetchPages(clientFor(context, http), {
    pagination: context.parameters.pagination,
    expressions,
    done: (received) => received >= context.maxRows || context.stopRequested,
  });
  let first = true;
  for await (const page of pages) {
    if (first) {
      first = false;
      const total = await totalOf(expressions.total, page.body);
      if (total !== undefined) context.expectRows(total);
    }
    yield { records: page.records };
  }
}
