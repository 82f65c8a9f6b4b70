import type { ConnectorContext, RecordBatch } from '../../../core/index.js';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import { bulkReader } from './bulk-reader.js';
import { concurrentReader } from './concurrent-reader.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import { patientSource } from './gated-source.js';
import { missingCredentialError } from './missing-credential.js';
import type { SalesforceParameters } from './parameters.js';
import { bulkUnsupported, planRead, restPlan, type ReadPlan } from './read-plan.js';
import { RestartPolicy, SESSION_EXPIRED } from './restart-policy.js';
import type { QueryPage } from './salesforce-client.js';
import { QUERY_TOTAL, sequentialReader } from './sequential-reader.js';
import { foreignRecordType, notUserError } from './user-records.js';
import type { ReadSession, UserReader } from './user-reader.js';

/** The REST reader a plan names; `first` is the query's first page, already read. */
function restReader(plan: ReadPlan, first: QueryPage | undefined, total: number, restarts: RestartPolicy): UserReader {
  return plan.path === 'concurrent' ? concurrentReader(plan.split, plan.streams, total, restarts) : sequentialReader(first, restarts);
}

/**
 * Reads the query's users, choosing the way once per run (`planRead`): with `api: bulk` a Bulk API 2.0
 * job at once; otherwise the query's first page comes first (the cheap request that says how many rows
 * there are), then Bulk (`api: auto` above `bulkThreshold`), concurrent Id ranges, or the sequential read
 * going on from that page. Bulk falls back to REST when Salesforce refuses the job.
 */
export async function* readUsers(context: ConnectorContext<SalesforceParameters>, deps: ConnectorDependencies): AsyncGenerator<RecordBatch> {
  const { credential, parameters } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  if (isDeprecatedFlow(credential)) context.warn(`Credential "${credential.name}": ${PASSWORD_FLOW_DEPRECATION}`);
  const session: ReadSession = { context, client: connectorClient(context, credential, deps), deps };
  const restarts = new RestartPolicy();
  const bulkProblem = parameters.api === 'bulk' ? bulkUnsupported(parameters.query) : undefined;
  if (bulkProblem !== undefined) context.warn(`api: bulk, but ${bulkProblem}: read with the REST API instead`);
  if (planRead(parameters, undefined).path === 'bulk') {
    yield* bulkReader((total) => restReader(restPlan(parameters, total), undefined, total ?? 0, restarts))(session);
    return;
  }
  let first: QueryPage;
  try {
    first = await patientSource(session.client, context, deps.retry).firstPage({ query: parameters.query, queryAll: parameters.queryAll }, context.signal);
  } catch (error) {
    const reason = restarts.reasonToRestart(error); // throws what a restart cannot cure
    context.logger.info(reason);
    if (reason === SESSION_EXPIRED) await session.client.renewSession(context.signal);
    yield* sequentialReader(undefined, restarts)(session);
    return;
  }
  const foreign = foreignRecordType(first);
  if (foreign !== undefined) throw notUserError(foreign);
  const total = first.totalSize ?? first.records.length;
  const plan = first.done ? ({ path: 'sequential', reason: 'one page' } as const) : planRead(parameters, total);
  context.logger.info(`${context.nqlId}: ${plan.path === 'sequential' ? `sequential read (${plan.reason})` : plan.path === 'bulk' ? `Bulk API 2.0 (${plan.reason})` : `${plan.streams} concurrent Id-range streams`}`);
  if (plan.path === 'bulk') {
    yield* bulkReader((fallbackTotal) => restReader(restPlan(parameters, fallbackTotal ?? total), first, fallbackTotal ?? total, restarts))(session);
    return;
  }
  if (plan.path === 'concurrent') context.expectRows(total, QUERY_TOTAL); // until every range has said its own
  yield* restReader(plan, first, total, restarts)(session);
}
