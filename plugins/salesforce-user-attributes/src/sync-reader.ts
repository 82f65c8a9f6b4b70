import { ConfigError, type ConnectorContext, type RecordBatch } from 'tributary-kit';
import { changeQueries, notIncrementalMessage, soqlDateTime } from './change-query.js';
import { countRows } from './count-rows.js';
import { CursorTracker } from './cursor-tracker.js';
import type { SalesforceParameters } from './parameters.js';
import { formatCursor, laterCursor, parseCursor, type SyncCursor } from './sync-cursor.js';
import type { ReadSession, UserReader } from './user-reader.js';

/** Where `sourceHolds` says its figure comes from. */
const COUNT_ORIGIN = 'SELECT COUNT()';

/**
 * The session with `query` read instead of the configured one. The context is the run's own underneath
 * (a prototype, not a copy): `stopRequested`, the signal and the counters stay live.
 */
function withQuery(session: ReadSession, query: string): ReadSession {
  const parameters: SalesforceParameters = { ...session.context.parameters, query };
  const context = Object.create(session.context, { parameters: { value: parameters, enumerable: true } });
  return { ...session, context: context as ConnectorContext<SalesforceParameters> };
}

/**
 * The cursor a read leaves: the greatest row it read, but never past the org's time when the read began
 * (the `Date` of its first answer). A row modified while the read was under way may come with its new
 * modstamp while another changed before it was read in its old state (Id ranges are separate queries):
 * the next change read must start before both.
 */
function settle(
  greatest: SyncCursor | undefined,
  since: SyncCursor | undefined,
  began: number | undefined,
): SyncCursor | undefined {
  if (greatest === undefined) return undefined;
  const capped = began !== undefined && greatest.at > began ? { at: began, id: undefined } : greatest;
  return since === undefined ? capped : laterCursor(since, capped);
}

/**
 * Reads as the run's `sync` asks, with `read` (which plans from the query it is given): a full read
 * selects `SystemModstamp` and `Id` (added when the query lacks them); a change read also restricts the
 * query to `SystemModstamp >=` the cursor minus the look-back, and first reports what the whole query
 * holds (`SELECT COUNT()`, `sourceHolds`). Once every row is read, the cursor is set: the greatest
 * `SystemModstamp` read with its Id (`sync-cursor.ts`), or the one the read started from when it read
 * nothing newer. A read the host stops early (the row limit) sets none: the previous cursor stays.
 */
export async function* syncReader(session: ReadSession, read: UserReader): AsyncGenerator<RecordBatch> {
  const { context } = session;
  const { sync } = context;
  const plan = changeQueries(context.parameters.query);
  if (!plan.incremental) throw new ConfigError('SF_QUERY_NOT_INCREMENTAL', notIncrementalMessage(plan.reason));
  let since: SyncCursor | undefined;
  let query = plan.queries.tracked;
  if (sync.mode === 'changes') {
    since = parseCursor(sync.since);
    context.sourceHolds(await countRows(session, plan.queries.count), COUNT_ORIGIN);
    const from = since.at - sync.lookBackSeconds * 1000;
    query = plan.queries.changedSince(from);
    context.logger.info(`${context.nqlId}: changes since ${sync.since}, read from ${soqlDateTime(from)}`);
  }
  const tracker = new CursorTracker(since);
  for await (const batch of read(withQuery(session, query))) {
    if (batch.restarted !== undefined) tracker.restart();
    tracker.observe(batch.records);
    yield batch;
  }
  const cursor = settle(tracker.greatest, since, session.client.firstAnswerAt);
  if (cursor === undefined) return;
  if (cursor !== tracker.greatest)
    context.logger.info(`${context.nqlId}: rows changed while the read was under way: the cursor stays at its start`);
  context.setCursor(cursor === since && sync.mode === 'changes' ? sync.since : formatCursor(cursor));
}
