import { describeError, storableText, type RunResult } from '../../core/index.js';
import type { RunState } from './run-state.js';

/** What the connector reported while reading, added to the draft the listeners finish. */
function settleDraft(run: RunState): void {
  const { draft, state, problems } = run;
  for (const warning of state.warnings) problems.add(warning, 1, { counted: false });
  draft.apiCalls = state.apiCalls;
  if (state.moreAvailable) (draft as { moreAvailable?: boolean }).moreAvailable = true;
  // Rows the row limit left unread still count as received (the limit's message says how many).
  const unread =
    state.expectedRows !== undefined && state.expectedRows > draft.receivedRows && draft.status !== 'failure';
  if (unread) draft.receivedRows = state.expectedRows!;
}

/**
 * The run's result, once it committed or failed: the listeners finish the draft (they may change the
 * status), the result is built and handed to each of them (the execution log records it), then the
 * run's scope is disposed and the caller's `onEnd` called.
 */
export async function runResult(run: RunState): Promise<RunResult> {
  const { draft, services, observers } = run;
  settleDraft(run);
  for (const o of observers) o.onFinish?.(draft);
  const endedAt = new Date();
  const result: RunResult = {
    ...run.info,
    status: draft.status,
    endedAt,
    durationMs: endedAt.getTime() - run.info.startedAt.getTime(),
    // Row problems quote data (an `$error(value)` message): every log store must be able to keep them.
    description: storableText(services.redact(run.problems.format())),
    receivedRows: draft.receivedRows,
    processedRows: draft.processedRows,
    importedRows: draft.importedRows,
    apiCalls: draft.apiCalls,
    ...(run.leavers ? { leavers: run.leavers } : {}),
    ...(run.changes ? { changes: run.changes } : {}),
  };
  for (const o of observers) {
    try {
      await o.onEnd?.(result);
    } catch (error) {
      services.logger.error(`An execution listener failed to record run ${result.runId}: ${describeError(error)}`);
    }
  }
  await run.scope.dispose();
  run.options.onEnd?.(result);
  return result;
}
