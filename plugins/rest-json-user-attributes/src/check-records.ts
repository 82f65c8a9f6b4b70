import { isTributaryError, type CheckResult, type ConnectorContext, type HttpClient } from 'tributary-kit';
import { firstPage } from './fetch-pages.js';
import { describeUrl } from './map-http-error.js';
import { compilePageExpressions, totalOf } from './page-expressions.js';
import type { RestJsonParameters } from './parameters.js';
import { clientFor } from './read-records.js';

/** At most this many records of the first page are handed to the host to try the mapping on. */
const SAMPLE_SIZE = 200;

/**
 * Authenticates and reads the first page only. A refusal (bad secret, wrong URL, records path that
 * gives no objects) is a verdict `ok: false` with the reason; only cancellation and bugs are thrown.
 */
export async function checkRecords(
  context: ConnectorContext<RestJsonParameters>,
  http: HttpClient,
): Promise<CheckResult> {
  const messages: string[] = [];
  const client = clientFor(context, http);
  try {
    const expressions = compilePageExpressions(context.parameters);
    const url = await client.firstUrl();
    if (context.credential)
      messages.push(`Authenticated with credential "${context.credential.name}" (${context.credential.type})`);
    const page = await firstPage(client, context.parameters.pagination, expressions);
    const records = page?.records ?? [];
    const total = page ? await totalOf(expressions.total, page.body) : undefined;
    messages.push(
      `Read ${records.length} record${records.length === 1 ? '' : 's'} from the first page of ${describeUrl(url)}` +
        (total === undefined ? '' : ` (${total} in total)`),
    );
    const sample = records.slice(0, SAMPLE_SIZE);
    return total === undefined ? { ok: true, messages, sample } : { ok: true, messages, sample, expectedRows: total };
  } catch (error) {
    if (!isTributaryError(error) || error.category === 'cancelled') throw error;
    messages.push(`Check failed: ${error.message}`);
    return { ok: false, messages, sample: [] };
  }
}
