import type { ExecutionListener, HostContext, RunControl, RunInfo, RunObserver, RunResult } from '../../core/index.js';
import { LimitObserver } from './limit-observer.js';
import type { ExecutionLogStore } from '../../core/index.js';

export const EXECUTION_LOG_LISTENER_ID = 'execution-log';

/**
 * The execution log's listener: per run, a {@link LimitObserver} enforcing the limits, whose
 * result is appended to the store when the run ends (whatever its outcome).
 */
export function createExecutionLogListener(host: Pick<HostContext, 'limits' | 'logger'>, store: ExecutionLogStore): ExecutionListener {
  return {
    id: EXECUTION_LOG_LISTENER_ID,
    start(run: RunInfo, control: RunControl): RunObserver {
      const limits = new LimitObserver(host.limits, run.identifierKind, control);
      return {
        onRows: (batch) => limits.onRows(batch),
        onRestart: () => limits.onRestart(),
        onFinish: (draft) => limits.onFinish(draft),
        onEnd: async (result: RunResult) => {
          try {
            await store.append(result);
          } catch (error) {
            // A log that cannot be written must not change the outcome of the sync itself.
            host.logger.error(`Could not write the execution log entry of ${run.nqlId}: ${(error as Error).message}`);
          }
        },
      };
    },
  };
}
