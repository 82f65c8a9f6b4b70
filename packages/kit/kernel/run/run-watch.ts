import { CancelledError, messageOf, type ControlStore, type RunResult } from '../../core/index.js';
import type { RunState } from './run-state.js';

/** A run's reporting while it runs; `stop` once it ended. */
export interface RunWatch {
  stop(result: RunResult): Promise<void>;
}

const NO_WATCH: RunWatch = { stop: async () => undefined };

/**
 * Every `controlPollMs`, while the run runs: its live report (phase, rows, the host holding it), its
 * new log lines, and whether an operator asked to cancel it (from any host: the run is then aborted
 * with `Cancelled by <who>`). A store that fails is a warning in the host's log, never the run's end.
 * Dry runs are not watched.
 */
export function watchRun(run: RunState): RunWatch {
  const store = run.services.controlStore();
  if (!store || run.info.dryRun) return NO_WATCH;
  const { info } = run;
  let failing = false;
  const report = async (): Promise<void> => {
    try {
      await store.appendRunLog(info.runId, run.log.take());
      const progress = run.progress();
      await store.reportLive({
        runId: info.runId,
        nqlId: info.nqlId,
        host: info.host ?? '',
        startedAt: info.startedAt,
        updatedAt: new Date(),
        phase: run.phase,
        receivedRows: progress.receivedRows,
        processedRows: progress.processedRows,
        ...(progress.expectedRows !== undefined ? { expectedRows: progress.expectedRows } : {}),
      });
      await cancelIfAsked(store, run);
      failing = false;
    } catch (error) {
      if (!failing) run.services.logger.warn(`${info.nqlId}: the run's live report failed: ${messageOf(error)}`);
      failing = true;
    }
  };
  run.log.note('info', `Run ${info.runId} started on ${info.host ?? 'this host'}`);
  let pending = report();
  const next = (): Promise<void> => (pending = pending.then(report));
  run.reportNow = next;
  const timer = setInterval(next, run.services.controlPollMs);
  timer.unref();
  return {
    async stop(result) {
      clearInterval(timer);
      await pending;
      run.log.note(
        result.status === 'failure' ? 'error' : 'info',
        `Run ended: ${result.status}: ${result.description}`,
      );
      await store.appendRunLog(info.runId, run.log.take()).catch(() => undefined);
      await store.endLive(info.runId).catch(() => undefined);
    },
  };
}

async function cancelIfAsked(store: ControlStore, run: RunState): Promise<void> {
  if (run.signal.aborted) return;
  const live = (await store.liveRuns()).find((r) => r.runId === run.info.runId);
  if (live?.cancelRequested) run.abort(new CancelledError(`Cancelled by ${live.cancelRequested.by}`));
}
