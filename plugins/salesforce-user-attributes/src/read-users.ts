import {
  AuthenticationError,
  isTributaryError,
  type ConnectorContext,
  type HttpClient,
  type RecordBatch,
} from '../../../core/index.js';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import type { SalesforceParameters } from './parameters.js';
import { queryPages } from './query-pages.js';
import { SalesforceClient, type RetryDelays } from './salesforce-client.js';
import { stripAttributes } from './strip-attributes.js';
import { foreignRecordType, notUserError } from './user-records.js';
import { missingCredentialError } from './missing-credential.js';

export interface ReadDependencies {
  readonly http: HttpClient;
  readonly retry?: RetryDelays;
}

const SESSION_EXPIRED = 'Salesforce session expired (INVALID_SESSION_ID): re-authenticated and restarted the query';
const LOCATOR_INVALID = 'Salesforce query locator became invalid (INVALID_QUERY_LOCATOR): restarted the query';

/**
 * Reads every page of the query as record batches. A session that expires mid-way (or a query
 * locator that becomes invalid) restarts the query from the beginning, once each; the first batch
 * after such a restart carries `restarted` so that the host discards what it staged.
 */
export async function* readUsers(context: ConnectorContext<SalesforceParameters>, deps: ReadDependencies): AsyncGenerator<RecordBatch> {
  const { credential, parameters } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  if (isDeprecatedFlow(credential)) context.warn(`Credential "${credential.name}": ${PASSWORD_FLOW_DEPRECATION}`);
  const client = new SalesforceClient({
    http: deps.http,
    credential,
    apiVersion: parameters.apiVersion,
    batchSize: parameters.batchSize,
    maxApiUsagePercent: parameters.maxApiUsagePercent,
    onRequest: () => context.countApiCall(),
    retry: deps.retry,
  });
  const plan = { query: parameters.query, queryAll: parameters.queryAll };
  const paging = {
    prefetch: parameters.prefetch,
    maxRows: context.maxRows,
    stopRequested: () => context.stopRequested,
    signal: context.signal,
  };
  const used = new Set<string>();
  let yieldedAny = false;
  let restarted: string | undefined;
  for (;;) {
    try {
      let first = true;
      for await (const page of queryPages(client, plan, paging)) {
        if (first) {
          first = false;
          if (page.totalSize !== undefined) context.expectRows(page.totalSize);
          const foreign = foreignRecordType(page.records.slice(0, 1));
          if (foreign !== undefined) throw notUserError(foreign);
        }
        const batch: RecordBatch = restarted
          ? { records: page.records.map(stripAttributes), restarted }
          : { records: page.records.map(stripAttributes) };
        restarted = undefined;
        yieldedAny = true;
        yield batch;
      }
      return;
    } catch (error) {
      const reason = restartReason(error, used);
      if (reason === undefined) throw error;
      if (reason === SESSION_EXPIRED) await client.renewSession(context.signal);
      if (yieldedAny) restarted = reason;
      context.logger.info(reason);
    }
  }
}

/** Why the query may start over after this error, once per kind; undefined when it must fail. */
function restartReason(error: unknown, used: Set<string>): string | undefined {
  if (!isTributaryError(error)) return undefined;
  const reason =
    error.code === 'SF_INVALID_SESSION_ID' ? SESSION_EXPIRED : error.code === 'SF_INVALID_QUERY_LOCATOR' ? LOCATOR_INVALID : undefined;
  if (reason === undefined) return undefined;
  if (!used.has(reason)) {
    used.add(reason);
    return reason;
  }
  if (reason === SESSION_EXPIRED) {
    throw new AuthenticationError(error.code, `Salesforce rejected the session again right after re-authenticating: ${error.message}`, {
      cause: error,
      details: error.details,
    });
  }
  throw error;
}
