import type { ConnectorContext, RecordBatch } from 'tributary-kit';
import type { ConnectorDependencies } from './connector-client.js';
import type { SalesforceParameters } from './parameters.js';
import type { SalesforceClient } from './salesforce-client.js';

/** What every way of reading gets: the run's context, its client (session, quota guard, API calls) and the dependencies. */
export interface ReadSession {
  readonly context: ConnectorContext<SalesforceParameters>;
  readonly client: SalesforceClient;
  readonly deps: ConnectorDependencies;
}

/**
 * One way of reading the configured query's users: sequential REST paging, concurrent Id ranges or a
 * Bulk API 2.0 job. `read-plan.ts` decides which, once per run; `read-users.ts` executes the plan.
 */
export type UserReader = (session: ReadSession) => AsyncGenerator<RecordBatch>;
