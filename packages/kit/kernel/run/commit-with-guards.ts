import { traceSpan } from '../../core/index.js';
import { checkBeforeCommit } from './check-before-commit.js';
import { holdIfExceeded } from './hold-run.js';
import type { RunState } from './run-state.js';
import { openChangeRecording } from './record-changes.js';
import { commitSyncState, settleFullRead } from './settle-sync.js';

/**
 * The end of a read that went through: the run's own checks (checkBeforeCommit), then the listeners'
 * guards (a throw refuses the commit), then a full read's leavers (settleFullRead: guarded too), then
 * the hold (a run whose changes exceed `hold:` waits for an operator), then the sink's commit with their plan (its changed values go to the change ledger), and only then the
 * connector's cursor and members, and the ledger's entries. Sets the run's
 * status and imported rows.
 */
export async function commitWithGuards(run: RunState): Promise<void> {
  const { services, tally, state, draft, problems, signal } = run;
  // A signal already received but not yet delivered (the last batch never waited for I/O) cancels
  // the run before the commit, not after it.
  await new Promise((resolve) => setImmediate(resolve));
  if (signal.aborted) throw signal.reason;
  const settlement = await traceSpan('guards', {}, async () => {
    const limitReached = state.stopRequested || tally.received >= services.limits.maxRowsPerSync;
    const announced = { rows: state.expectedRows, origin: state.expectedFrom };
    const surplus = checkBeforeCommit(tally, announced, limitReached, run.connector.mapping, run.template.displayName);
    if (surplus !== undefined) state.warnings.push(surplus);
    for (const o of run.observers) await o.beforeCommit?.(draft);
    return settleFullRead(run);
  });
  run.phase = 'committing';
  if (run.sinkRun) run.options.onProgress?.({ ...run.progress(), phase: 'committing' });
  if (settlement?.clears.length) await run.sinkRun?.write(settlement.clears);
  const leavers = settlement?.removed.map((m) => m.identifier) ?? [];
  await holdIfExceeded(run, settlement?.plan, leavers);
  const recording = await openChangeRecording(run, leavers);
  const sinkRun = run.sinkRun;
  const committed =
    sinkRun &&
    (await traceSpan('sink.commit', { 'tributary.sink': run.connector.sink }, async (span) => {
      const done = await sinkRun.commit(settlement?.plan, recording?.report).catch(async (error: unknown) => {
        await recording?.abort().catch(() => undefined);
        throw error;
      });
      span.setAttributes({ 'tributary.rows.imported': done.importedRows, 'tributary.leavers': leavers.length });
      return done;
    }));
  run.sinkRun = undefined;
  run.leavers = settlement?.removed.length ?? 0;
  await commitSyncState(run, settlement);
  if (recording) await traceSpan('ledger', {}, () => recording.commit());
  draft.importedRows = committed?.importedRows ?? 0;
  for (const warning of committed?.warnings ?? []) problems.add(warning, 1, { counted: false });
  draft.status = tally.received > tally.processed ? 'partial' : 'success';
}
