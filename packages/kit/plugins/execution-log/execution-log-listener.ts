import type {
  ExecutionListener,
  ExecutionLogStore,
  HostContext,
  RunControl,
  RunInfo,
  RunObserver,
  RunResult,
} from '../../core/index.js';
import { CommitGuards } from './commit-guards.js';
import { LimitObserver } from './limit-observer.js';
import type { BaselineStore } from './store/baseline-store.js';

const EXECUTION_LOG_LISTENER_ID = 'execution-log';

/**
 * The execution log's listener: per run, a {@link LimitObserver} enforcing the limits and the
 * {@link CommitGuards} that keep a bad run from committing (against the connector's baseline), whose
 * result is appended to the store when the run ends (whatever its outcome); a committed run becomes
 * the connector's new baseline.
 */
export function createExecutionLogListener(
  host: Pick<HostContext, 'limits' | 'logger'>,
  store: ExecutionLogStore,
  baselines: BaselineStore,
): ExecutionListener {
  return {
    id: EXECUTION_LOG_LISTENER_ID,
    enforcesLimits: true,
    async start(run: RunInfo, control: RunControl): Promise<RunObserver> {
      await beginQuietly(store, run, host.logger);
      const limits = new LimitObserver(host.limits, run.identifierKind, control);
      const guards = new CommitGuards(run, host.limits, await baselines.read(run.nqlId));
      return {
        onRows: (batch) => limits.onRows(batch),
        onRestart: () => limits.onRestart(),
        beforeCommit: (draft) => guards.beforeCommit(draft),
        onFinish: (draft) => limits.onFinish(draft),
        onEnd: async (result: RunResult) => {
          try {
            await store.append(result);
            const baseline = guards.baselineAfter(result);
            if (baseline) await baselines.write(baseline);
          } catch (error) {
            // A log that cannot be written must not change the outcome of the sync itself.
            host.logger.error(`Could not write the execution log entry of ${run.nqlId}: ${(error as Error).message}`);
          }
        },
      };
    },
  };
}

/** Shows the run among the running ones (a cluster store); a failure to do so does not stop the run. */
async function beginQuietly(store: ExecutionLogStore, run: RunInfo, logger: HostContext['logger']): Promise<void> {
  try {
    await store.begin?.(run);
  } catch (error) {
    logger.warn(`Could not show ${run.nqlId} among the running runs: ${(error as Error).message}`);
  }
}
