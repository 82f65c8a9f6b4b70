import { queryOnce } from './query-once.js';
import { unexpectedResponse } from './unexpected-response.js';
import type { ReadSession } from './user-reader.js';

/**
 * The `totalSize` Salesforce answers to a `SELECT COUNT()` query ({@link queryOnce}: one request, an
 * expired session renewed once).
 */
export async function countRows(session: ReadSession, query: string): Promise<number> {
  const page = await queryOnce(session, query);
  if (page.totalSize === undefined)
    throw unexpectedResponse('Salesforce answered a SELECT COUNT() query without a totalSize');
  return page.totalSize;
}
