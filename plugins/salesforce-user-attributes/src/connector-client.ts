import type { ConnectorContext, Credential, HttpClient } from 'tributary-kit';
import type { BulkTiming } from './bulk-timing.js';
import type { SalesforceParameters } from './parameters.js';
import { SalesforceClient, type RetryDelays } from './salesforce-client.js';

/** What the template hands its read and check: the host's client and, in tests, short backoff. */
export interface ConnectorDependencies {
  readonly http: HttpClient;
  readonly retry?: RetryDelays;
  /** Bulk API 2.0 polling and result sets (tests shorten the waits). */
  readonly bulk?: Partial<BulkTiming>;
  /** Milliseconds on a monotonic clock, to time the query's first page (default `performance.now`; tests pass a modelled clock). */
  readonly now?: () => number;
}

/** A client for one read or check, counting its requests as the run's API calls. */
export function connectorClient(
  context: ConnectorContext<SalesforceParameters>,
  credential: Credential,
  deps: ConnectorDependencies,
  batchSize = context.parameters.batchSize,
): SalesforceClient {
  return new SalesforceClient({
    http: deps.http,
    credential,
    apiVersion: context.parameters.apiVersion,
    batchSize,
    maxApiUsagePercent: context.parameters.maxApiUsagePercent,
    onRequest: () => context.countApiCall(),
    retry: deps.retry,
    now: deps.now,
  });
}
