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
function restReader(plan: ReadPlan, first: QueryPage, total: number, restarts: RestartPolicy): UserReader {
  return plan.path === 'concurrent' ? concurrentReader(plan.split, plan.streams, total, restarts) : sequentialReader(first, restarts);
}

/**
 * A read that starts with the query's first page, the cheap request that says how many rows there are
 * (`totalSize`, announced as the rows to expect), then goes on as planned for that many: Bulk (`api:
 * auto` from `bulkThreshold`, when `bulkAllowed`), concurrent Id ranges, or the sequential read going
 * on from that page. A Bulk job that cannot serve hands over to the REST reader with the same page.
 */
function restRead(restarts: RestartPolicy, bulkAllowed: boolean): UserReader {
  return async function* read(session): AsyncGenerator<RecordBatch> {
    const { context } = session;
    const { parameters } = context;
    let first: QueryPage;
    try {
      first = await patientSource(session.client, context, session.deps.retry).firstPage({ query: parameters.query, queryAll: parameters.queryAll }, context.signal);
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
    const plan = first.done ? ({ path: 'sequential', reason: 'one page' } as const) : bulkAllowed ? planRead(parameters, total) : restPlan(parameters, total);
    context.logger.info(`${context.nqlId}: ${plan.path === 'sequential' ? `sequential read (${plan.reason})` : plan.path === 'bulk' ? `Bulk API 2.0 (${plan.reason})` : `${plan.streams} concurrent Id-range streams`}`);
    // The sequential read announces its first page itself; the others' own figures come later, if at all.
    if (plan.path !== 'sequential' && first.totalSize !== undefined) context.expectRows(first.totalSize, QUERY_TOTAL);
    if (plan.path === 'bulk') {
      yield* bulkReader(restReader(restPlan(parameters, total), first, total, restarts))(session);
      return;
    }
    yield* restReader(plan, first, total, restarts)(session);
  };
}

/**
 * Reads the query's users, choosing the way once per run (`planRead`): with `api: bulk` a Bulk API 2.0
 * job at once, falling back to the REST read when Salesforce refuses the job; otherwise the REST read
 * (`restRead`), which may still choose Bulk for a large query under `api: auto`.
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
    yield* bulkReader(restRead(restarts, false))(session);
    return;
  }
  yield* restRead(restarts, true)(session);
}
