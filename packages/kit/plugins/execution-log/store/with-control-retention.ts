import type { ControlStore, ExecutionLogStore, HostContext } from '../../../core/index.js';

const DAY_MS = 86_400_000;

/**
 * The log store, which after appending an entry (when the log applies `state.retentionDays`) also
 * prunes the control store by the same retention: its audit entries, run log lines and stale live
 * reports. The control store is asked for when used; a failure to prune is a warning, never the run's.
 */
export function withControlRetention(
  store: ExecutionLogStore,
  control: () => ControlStore,
  host: Pick<HostContext, 'retentionDays' | 'logger'>,
  now: () => Date = () => new Date(),
): ExecutionLogStore {
  return {
    begin: async (run) => store.begin?.(run),
    query: (query, at) => store.query(query, at),
    connectors: () => store.connectors(),
    close: () => store.close(),
    async append(result) {
      await store.append(result);
      const days = host.retentionDays;
      if (days === undefined || days <= 0) return;
      try {
        await control().pruneBefore(new Date(now().getTime() - days * DAY_MS));
      } catch (error) {
        host.logger.warn(
          `Could not delete the audit entries and run log lines past the retention: ${(error as Error).message}`,
        );
      }
    },
  };
}
