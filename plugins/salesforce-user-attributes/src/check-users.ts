import { isTributaryError, type CheckResult, type ConnectorContext } from '../../../core/index.js';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import { formatApiUsage } from './limit-info.js';
import type { SalesforceParameters } from './parameters.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import type { QueryPage, SalesforceClient } from './salesforce-client.js';
import { stripAttributes } from './strip-attributes.js';
import { foreignRecordType, notUserMessage } from './user-records.js';

/** The smallest page Salesforce accepts: check reads one page only. */
const CHECK_BATCH_SIZE = 200;
const SAMPLE_SIZE = 20;

/**
 * Authenticates, reads the first page of the query and verifies it returns User records. Every
 * refusal (a rejected secret, a SOQL error, another object) is a verdict, `ok: false` with the
 * reason, not an exception: `check` reports on each connector in turn. Only cancellation and
 * programming errors are thrown.
 */
export async function checkUsers(context: ConnectorContext<SalesforceParameters>, deps: ConnectorDependencies): Promise<CheckResult> {
  const { credential, parameters } = context;
  const messages: string[] = [];
  const verdict = (ok: boolean, sample: CheckResult['sample'] = [], expectedRows?: number): CheckResult =>
    expectedRows === undefined ? { ok, messages, sample } : { ok, messages, sample, expectedRows };
  if (!credential) {
    messages.push('No credentials: this connector needs an oauth2-client-credentials, oauth2-jwt-bearer or basic credential');
    return verdict(false);
  }
  if (isDeprecatedFlow(credential)) messages.push(`Warning: ${PASSWORD_FLOW_DEPRECATION}`);
  const client = connectorClient(context, credential, deps, CHECK_BATCH_SIZE);
  let page: QueryPage;
  try {
    const session = await client.authenticate(context.signal);
    messages.push(`Authenticated with credential "${credential.name}" (${credential.type}) on ${session.baseUrl}`);
  } catch (error) {
    return refused(error, 'Authentication failed', messages, verdict);
  }
  try {
    page = await firstPageRenewingOnce(client, parameters, context.signal);
  } catch (error) {
    return refused(error, 'Query failed', messages, verdict);
  }
  const foreign = foreignRecordType(page.records);
  if (foreign !== undefined) {
    messages.push(`Query failed: ${notUserMessage(foreign)}`);
    return verdict(false);
  }
  const total = page.totalSize ?? page.records.length;
  messages.push(`Query OK: ${total.toLocaleString('en-US')} user${total === 1 ? '' : 's'} to import (API v${parameters.apiVersion})`);
  if (page.records.length === 0) messages.push('The query matched no users: a run would write nothing');
  if (client.lastApiUsage) messages.push(`Org API usage ${formatApiUsage(client.lastApiUsage)}, the guard stops runs above ${parameters.maxApiUsagePercent}%`);
  return verdict(true, page.records.slice(0, SAMPLE_SIZE).map(stripAttributes), total);
}

async function firstPageRenewingOnce(client: SalesforceClient, parameters: SalesforceParameters, signal: AbortSignal): Promise<QueryPage> {
  const plan = { query: parameters.query, queryAll: parameters.queryAll };
  try {
    return await client.firstPage(plan, signal);
  } catch (error) {
    if (!isTributaryError(error) || error.code !== 'SF_INVALID_SESSION_ID') throw error;
    await client.renewSession(signal); // a cached session may have expired since it was issued
    return client.firstPage(plan, signal);
  }
}

function refused(error: unknown, what: string, messages: string[], verdict: (ok: boolean) => CheckResult): CheckResult {
  if (!isTributaryError(error) || error.category === 'cancelled') throw error;
  messages.push(`${what}: ${error.message}`);
  return verdict(false);
}
