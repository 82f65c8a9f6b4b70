import { ConfigError, FatalError } from 'tributary-kit';
import { INCREMENTAL_NEEDS, neededForIncremental } from './incremental-needs.js';
import { firstPage } from './fetch-pages.js';
import { describeUrl } from './map-http-error.js';
import { totalOf, type PageExpressions } from './page-expressions.js';
import type { Pagination } from './parameters.js';
import type { RestJsonClient } from './rest-json-client.js';

/** How many records the whole endpoint holds, and where the figure comes from. */
export interface SourceCount {
  readonly total: number;
  readonly origin: string;
}

/**
 * Reads the first page once more, without the change filter, for the total the whole endpoint holds
 * (`totalPath`): the count that proves a change read missed no record. No total fails the read.
 */
export async function countSource(
  client: RestJsonClient,
  pagination: Pagination,
  expressions: PageExpressions,
): Promise<SourceCount> {
  if (!expressions.total)
    throw new ConfigError('REST_SOURCE_NOT_COUNTED', `parameters.totalPath ${neededForIncremental('totalPath')}`);
  const page = await firstPage(client, pagination, expressions);
  const total = page ? await totalOf(expressions.total, page.body) : undefined;
  const origin = `totalPath "${expressions.total.source}" on ${describeUrl(await client.firstUrl())}`;
  if (total === undefined)
    throw new FatalError(
      'REST_SOURCE_NOT_COUNTED',
      `${origin} gives no number of records: ${INCREMENTAL_NEEDS.totalPath}`,
    );
  return { total, origin };
}
