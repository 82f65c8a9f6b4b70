import { isTributaryError } from '../../../core/index.js';
import { patientSource } from './gated-source.js';
import type { QueryPage } from './salesforce-client.js';
import { unexpectedResponse } from './unexpected-response.js';
import type { ReadSession } from './user-reader.js';

/**
 * The `totalSize` Salesforce answers to a `SELECT COUNT()` query (through `/queryAll` when the connector
 * reads deleted rows too): one request, an API call like any other. An expired session is renewed once
 * and the request sent again.
 */
export async function countRows(session: ReadSession, query: string): Promise<number> {
  const { context, client, deps } = session;
  const source = patientSource(client, context, deps.retry);
  const plan = { query, queryAll: context.parameters.queryAll };
  const page: QueryPage = await source.firstPage(plan, context.signal).catch(async (error: unknown) => {
    if (!isTributaryError(error) || error.code !== 'SF_INVALID_SESSION_ID') throw error;
    await client.renewSession(context.signal);
    return source.firstPage(plan, context.signal);
  });
  if (page.totalSize === undefined)
    throw unexpectedResponse('Salesforce answered a SELECT COUNT() query without a totalSize');
  return page.totalSize;
}
