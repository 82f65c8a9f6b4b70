import type { ControlStore, HostContext } from '../../../core/index.js';
import { logStoreExists } from './log-store.js';
import { openControlStore } from './open-control-store.js';

let empty: ControlStore | undefined;
/** A store with nothing in it, shared (only what reads or changes nothing is asked of it). */
function emptyStore(): ControlStore {
  return (empty ??= openControlStore(':memory:').store);
}

/**
 * The default control store, in `<state.dir>/execution-log.db`, opened by `open` when something is
 * first recorded. Like the log, a file never written creates none when read: held runs, pauses,
 * the audit trail and live runs read as empty, and a decision, a cancel request or an unpause find
 * nothing to change.
 */
export function localControlStore(host: Pick<HostContext, 'stateDir'>, open: () => ControlStore): ControlStore {
  const readable = (): ControlStore =>
    host.stateDir === ':memory:' || logStoreExists(host.stateDir) ? open() : emptyStore();
  return {
    hold: (run) => open().hold(run),
    decide: (runId, decision) => readable().decide(runId, decision),
    heldRun: (runId) => readable().heldRun(runId),
    heldRuns: () => readable().heldRuns(),
    releaseHold: (runId) => readable().releaseHold(runId),
    pause: (pause) => open().pause(pause),
    unpause: (nqlId) => readable().unpause(nqlId),
    pauses: () => readable().pauses(),
    liftQuarantine: (nqlId, at) => open().liftQuarantine(nqlId, at),
    quarantineLiftedAt: (nqlId) => readable().quarantineLiftedAt(nqlId),
    recordAudit: (entry) => open().recordAudit(entry),
    audit: (page) => readable().audit(page),
    reportLive: (run) => open().reportLive(run),
    liveRuns: () => readable().liveRuns(),
    endLive: (runId) => readable().endLive(runId),
    requestCancel: (runId, by, at) => readable().requestCancel(runId, by, at),
    appendRunLog: (runId, lines) => open().appendRunLog(runId, lines),
    runLog: (runId, limit) => readable().runLog(runId, limit),
    pruneBefore: (time) => readable().pruneBefore(time),
  };
}
