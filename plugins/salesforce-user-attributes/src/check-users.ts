import { isTributaryError, type CheckResult, type ConnectorContext } from 'tributary-kit';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import { formatApiUsage } from './limit-info.js';
import type { SalesforceParameters } from './parameters.js';
import { describeReadPlan } from './read-plan.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import type { QueryPage } from './salesforce-client.js';
import { foreignRecordType, notUserMessage } from './user-records.js';

/** The smallest page Salesforce accepts: check reads one page only, and the host tries the mapping on all of it. */
const CHECK_BATCH_SIZE = 200;

/**
 * Authenticates, reads the first page of the query and verifies it returns User records. Every
 * refusal (a rejected secret, a SOQL error, another object) is a verdict, `ok: false` with the
 * reason, not an exception: `check` reports on each connector in turn. Only cancellation and
 * programming errors are thrown.
 */
export async function checkUsers(
  context: ConnectorContext<SalesforceParameters>,
  deps: ConnectorDependencies,
): Promise<CheckResult> {
  const { credential, parameters } = context;
  const messages: string[] = [];
  const verdict = (ok: boolean, sample: CheckResult['sample'] = [], expectedRows?: number): CheckResult =>
    expectedRows === undefined ? { ok, messages, sample } : { ok, messages, sample, expectedRows };
  if (!credential) {
    messages.push(
      'No credentials: this connector needs an oauth2-client-credentials, oauth2-jwt-bearer or basic credential',
    );
    return verdict(false);
  }
  if (isDeprecatedFlow(credential)) messages.push(`Warning: ${PASSWORD_FLOW_DEPRECATION}`);
  const client = connectorClient(context, credential, deps, CHECK_BATCH_SIZE);
  let page: QueryPage;
  try {
    const session = await client.renewSession(context.signal); // bypass the cache: check the current secret
    messages.push(`Authenticated with credential "${credential.name}" (${credential.type}) on ${session.baseUrl}`);
  } catch (error) {
    return refused(error, 'Authentication failed', messages, verdict);
  }
  try {
    page = await client.firstPage({ query: parameters.query, queryAll: parameters.queryAll }, context.signal);
  } catch (error) {
    return refused(error, 'Query failed', messages, verdict);
  }
  const foreign = foreignRecordType(page);
  if (foreign !== undefined) {
    messages.push(`Query failed: ${notUserMessage(foreign)}`);
    return verdict(false);
  }
  const total = page.totalSize ?? page.records.length;
  messages.push(
    `Query OK: ${total.toLocaleString('en-US')} user${total === 1 ? '' : 's'} to import (API v${parameters.apiVersion})`,
  );
  if (page.records.length === 0) messages.push('The query matched no users: a run would write nothing');
  else messages.push(describeReadPlan(parameters, total));
  if (client.lastApiUsage)
    messages.push(
      `Org API usage ${formatApiUsage(client.lastApiUsage)}, the guard stops runs above ${parameters.maxApiUsagePercent}%`,
    );
  return verdict(true, page.records.slice(0, CHECK_BATCH_SIZE), total);
}

function refused(error: unknown, what: string, messages: string[], verdict: (ok: boolean) => CheckResult): CheckResult {
  if (!isTributaryError(error) || error.category === 'cancelled') throw error;
  messages.push(`${what}: ${error.message}`);
  return verdict(false);
}
