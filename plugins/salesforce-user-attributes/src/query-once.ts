import { isTributaryError } from 'tributary-kit';
import { patientSource } from './gated-source.js';
import type { QueryPage } from './salesforce-client.js';
import type { ReadSession } from './user-reader.js';

/**
 * The first page of one query (through `/queryAll` when the connector reads deleted rows too): one
 * request, an API call like any other. An expired session is renewed once and the request sent again.
 */
export async function queryOnce(session: ReadSession, query: string): Promise<QueryPage> {
  const { context, client, deps } = session;
  const source = patientSource(client, context, deps.retry);
  const plan = { query, queryAll: context.parameters.queryAll };
  return source.firstPage(plan, context.signal).catch(async (error: unknown) => {
    if (!isTributaryError(error) || error.code !== 'SF_INVALID_SESSION_ID') throw error;
    await client.renewSession(context.signal);
    return source.firstPage(plan, context.signal);
  });
}
