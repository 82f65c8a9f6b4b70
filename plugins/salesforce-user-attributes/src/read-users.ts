import type { ConnectorContext, RecordBatch } from 'tributary-kit';
import { PASSWORD_FLOW_DEPRECATION, isDeprecatedFlow } from './auth-request.js';
import { bulkReader } from './bulk-reader.js';
import { concurrentReader } from './concurrent-reader.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import { patientSource } from './gated-source.js';
import { missingCredentialError } from './missing-credential.js';
import type { SalesforceParameters } from './parameters.js';
import { planRead, type FirstPagePlan, type ReadPlan } from './read-plan.js';
import { RestartPolicy, SESSION_EXPIRED } from './restart-policy.js';
import type { QueryPage } from './salesforce-client.js';
import { QUERY_TOTAL, sequentialReader } from './sequential-reader.js';
import { syncReader } from './sync-reader.js';
import { foreignRecordType, notUserError } from './user-records.js';
import type { ReadSession, UserReader } from './user-reader.js';

/** The run's log line for a plan. */
function described(plan: ReadPlan): string {
  if (plan.kind === 'sequential') return `sequential read (${plan.reason})`;
  if (plan.kind === 'ranges')
    return `${plan.streams} concurrent Id-range streams, ${plan.ranges} ranges, ${plan.pages} pages held at most (${plan.reason})`;
  if (plan.kind === 'bulk') return `Bulk API 2.0 (${plan.reason}), else ${described(plan.fallback)}`;
  return 'the first page, then as its totalSize decides';
}

/**
 * The reader that executes `plan`, each way of reading by its own reader; `first` is the query's first
 * page when it was read already (the sequential read goes on from it). A Bulk job hands over to its
 * plan's fallback when it cannot serve.
 */
function readerFor(plan: ReadPlan, restarts: RestartPolicy, first?: QueryPage): UserReader {
  switch (plan.kind) {
    case 'first-page':
      return firstPageThen(plan, restarts);
    case 'bulk':
      return bulkReader(readerFor(plan.fallback, restarts, first));
    case 'ranges':
      return concurrentReader(plan, restarts);
    case 'sequential':
      return sequentialReader(first, restarts);
  }
}

/**
 * Reads the query's first page, the cheap request that says how many rows there are, then follows the
 * plan its answer decides (`planRead`): its `totalSize`, its rows and how long the org took to answer
 * it, from its last attempt's sending to its answer's last byte (`lastAnswerMs`), and the length of its body
 * (`lastAnswerLength`). Its `totalSize` is announced as
 * the rows to expect; the sequential read announces it itself. A first page that calls for a restart
 * (an expired session) makes the read sequential, from the start.
 */
function firstPageThen(plan: FirstPagePlan, restarts: RestartPolicy): UserReader {
  return async function* read(session): AsyncGenerator<RecordBatch> {
    const { context, client } = session;
    const { parameters } = context;
    if (plan.bulkUnsupported !== undefined)
      context.warn(`api: bulk, but ${plan.bulkUnsupported}: read with the REST API instead`);
    let first: QueryPage;
    let ms: number;
    let bodyLength: number;
    try {
      first = await patientSource(client, context, session.deps.retry).firstPage(
        { query: parameters.query, queryAll: parameters.queryAll },
        context.signal,
      );
      ms = client.lastAnswerMs;
      bodyLength = client.lastAnswerLength;
    } catch (error) {
      const reason = restarts.reasonToRestart(error); // throws what a restart cannot cure
      context.logger.info(reason);
      if (reason === SESSION_EXPIRED) await client.renewSession(context.signal);
      yield* sequentialReader(undefined, restarts)(session);
      return;
    }
    const foreign = foreignRecordType(first);
    if (foreign !== undefined) throw notUserError(foreign);
    const total = first.totalSize ?? first.records.length;
    const next = planRead(parameters, { total, done: first.done, rows: first.records.length, ms, bodyLength });
    context.logger.info(`${context.nqlId}: ${described(next)}`);
    if (next.kind !== 'sequential' && first.totalSize !== undefined) context.expectRows(first.totalSize, QUERY_TOTAL);
    yield* readerFor(next, restarts, first)(session);
  };
}

/** The query the session's parameters name, read as planned once (`planRead`). */
const planned: UserReader = (session) => readerFor(planRead(session.context.parameters), new RestartPolicy())(session);

/**
 * Reads the query's users as planned once (`planRead`): a Bulk API 2.0 job at once under `api: bulk`,
 * else the query's first page, whose answer decides the rest. A run that reads changes, or keeps a
 * cursor, reads through `syncReader`, which hands the plan the query it reads.
 */
export async function* readUsers(
  context: ConnectorContext<SalesforceParameters>,
  deps: ConnectorDependencies,
): AsyncGenerator<RecordBatch> {
  const { credential } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  if (isDeprecatedFlow(credential)) context.warn(`Credential "${credential.name}": ${PASSWORD_FLOW_DEPRECATION}`);
  const session: ReadSession = { context, client: connectorClient(context, credential, deps), deps };
  const { sync } = context;
  if (sync.mode === 'changes' || sync.cursor) yield* syncReader(session, planned);
  else yield* planned(session);
}
