import {
  changeAction,
  DEFAULT_HOLD_TIMEOUT_HOURS,
  describeActor,
  FatalError,
  holdConfigured,
  holdNeedsChanges,
  holdReasons,
  memberKey,
  traceSpan,
  type ChangeReport,
  type CommitPlan,
  type ControlStore,
  type HoldConfig,
  type HoldCounts,
  type HoldDecision,
  type SinkIdentifier,
  type TraceSpan,
} from '../../core/index.js';
import type { RunState } from './run-state.js';
import { waitForDecision } from './wait-for-decision.js';

/**
 * The hold's sentence sits right after a failure's own sentence (100) in the description: before the
 * coverage sentence (50), so that an approved run's description starts with the hold and its approver.
 */
const HOLD_PRIORITY = 60;

/** Counts what a rehearsed commit would change: values cleared, users changed (a leaver's values are its own count). */
function countingReport(leavers: readonly SinkIdentifier[]): {
  report: ChangeReport;
  counts: () => Partial<HoldCounts>;
} {
  const left = new Set(leavers.map(memberKey));
  const changedUsers = new Set<string>();
  let clearedValues = 0;
  return {
    report: {
      add(changes) {
        for (const change of changes) {
          const key = memberKey(change.identifier);
          const action = changeAction(change, left.has(key));
          if (action === 'cleared') clearedValues++;
          if (action === 'cleared' || action === 'changed') changedUsers.add(key);
        }
      },
    },
    counts: () => ({ clearedValues, changedUsers: changedUsers.size }),
  };
}

/** What the commit would do: the leavers decided, and (when the thresholds need it and the sink can) a rehearsal's counts. */
async function countCommit(run: RunState, plan: CommitPlan | undefined, leavers: readonly SinkIdentifier[]) {
  const counts: HoldCounts = {
    receivedRows: run.draft.receivedRows,
    processedRows: run.draft.processedRows,
    leavers: leavers.length,
  };
  const rehearse = run.sinkRun?.rehearse?.bind(run.sinkRun);
  if (!holdNeedsChanges(run.services.holdConfig(run.connector))) return counts;
  if (!rehearse) {
    run.state.warnings.push(
      `The sink ${run.connector.sink} cannot tell what a commit would change: only hold.maxLeavers applies to it`,
    );
    return counts;
  }
  const counting = countingReport(leavers);
  await rehearse(plan, counting.report);
  return { ...counts, ...counting.counts() };
}

/**
 * Before a commit: a run whose changes exceed the connector's `hold:` thresholds waits for an operator.
 * It is recorded as held (every host sees it), the `held` notification goes out, and the run keeps its
 * sink run open and its lease while it waits. Approved, it goes on to its commit, and its description
 * says who approved it; rejected, or undecided at the deadline, it fails and commits nothing. A dry run
 * is never held.
 */
export async function holdIfExceeded(
  run: RunState,
  plan: CommitPlan | undefined,
  leavers: readonly SinkIdentifier[],
): Promise<void> {
  const config = run.services.holdConfig(run.connector);
  if (!holdConfigured(config) || run.info.dryRun || !run.sinkRun) return;
  await traceSpan('hold', {}, (span) => holdIfOver(run, config, plan, leavers, span));
}

/** The hold's counts against its thresholds, and the operator's decision when they are exceeded. */
async function holdIfOver(
  run: RunState,
  config: HoldConfig | undefined,
  plan: CommitPlan | undefined,
  leavers: readonly SinkIdentifier[],
  span: TraceSpan,
): Promise<void> {
  const counts = await countCommit(run, plan, leavers);
  const reasons = holdReasons(config, counts);
  span.setAttributes({ 'tributary.hold.held': reasons.length > 0, 'tributary.leavers': counts.leavers });
  if (reasons.length === 0) return;
  const store = run.services.controlStore();
  if (!store)
    throw new FatalError(
      'RUN_HOLD_UNAVAILABLE',
      `Held (${reasons.join('; ')}), but no plugin keeps held runs: nothing was committed`,
    );
  const decision = await holdAndWait(run, store, reasons, counts);
  span.setAttributes({ 'tributary.hold.verdict': decision.verdict, 'tributary.hold.reasons': reasons.join('; ') });
  const sentence = `Held: ${reasons.join('; ')}`;
  const by = describeActor({ name: decision.by, ...(decision.address ? { address: decision.address } : {}) });
  if (decision.verdict === 'rejected') {
    const why = decision.by === 'timeout' ? 'no decision before the deadline' : `rejected by ${by}`;
    throw new FatalError('RUN_HELD_REJECTED', `${sentence}; ${why}: nothing was committed`);
  }
  run.problems.add(`${sentence}; approved by ${by} at ${decision.at.toISOString()}`, 1, {
    priority: HOLD_PRIORITY,
    counted: false,
  });
}

async function holdAndWait(
  run: RunState,
  store: ControlStore,
  reasons: readonly string[],
  counts: HoldCounts,
): Promise<HoldDecision> {
  const { info, services, connector } = run;
  const heldAt = new Date();
  const hours = services.holdConfig(connector)?.timeoutHours ?? DEFAULT_HOLD_TIMEOUT_HOURS;
  const deadline = new Date(heldAt.getTime() + hours * 3_600_000);
  await store.hold({ runId: info.runId, nqlId: info.nqlId, host: info.host ?? '', heldAt, deadline, reasons, counts });
  run.phase = 'held';
  await run.reportNow();
  run.options.onProgress?.({ ...run.progress(), phase: 'held', runId: info.runId });
  run.log.logger.warn(
    `${info.nqlId}: run ${info.runId} held before its commit (${reasons.join('; ')}): approve or reject it by ${deadline.toISOString()}: tributary runs approve ${info.runId}`,
  );
  services.notify({
    kind: 'held',
    nqlId: info.nqlId,
    name: info.name,
    runId: info.runId,
    time: heldAt,
    title: `${info.name} (${info.nqlId}) is held before its commit`,
    text: `${reasons.join('; ')}. Approve or reject it before ${deadline.toISOString()}: tributary runs approve ${info.runId}`,
    run: { status: 'held', receivedRows: counts.receivedRows, processedRows: counts.processedRows, importedRows: 0 },
  });
  try {
    return await waitForDecision(store, info.runId, deadline, run.signal, services.controlPollMs);
  } finally {
    run.phase = 'committing';
    await store.releaseHold(info.runId).catch(() => undefined);
  }
}
