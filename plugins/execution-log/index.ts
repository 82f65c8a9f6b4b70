import {
  BaselineStoreService,
  ChangeLedgerService,
  CliCommands,
  ExecutionHistoryService,
  ExecutionListeners,
  ExecutionLogStoreService,
  HostContextService,
  PLUGIN_API_VERSION,
  SyncStateStoreService,
  definePlugin,
} from '../../core/index.js';
import { createChangesCommand } from './changes-command.js';
import { createExecutionLogListener } from './execution-log-listener.js';
import { createLogsCommand } from './logs-command.js';
import { queryLogPage } from './query-log-page.js';
import {
  deferredBaselines,
  deferredLogStore,
  localBaselines,
  localChangeLedger,
  localLogStore,
  localSyncState,
} from './store/local-log-store.js';
import { openLogStore } from './store/log-store.js';

export { createExecutionLogListener } from './execution-log-listener.js';
export { createLogsCommand } from './logs-command.js';
export { openLogStore, type LogStore } from './store/log-store.js';
export { sqliteBaselineStore, type BaselineStore, type RunBaseline } from './store/baseline-store.js';
export { sqliteDialect } from './store/sqlite-dialect.js';
export { queryLogPage, NEWEST_FIRST_NQL } from './query-log-page.js';
export { LimitObserver, type LimitCounts } from './limit-observer.js';

/**
 * The shared execution log: enforces the row and per-UPN limits on every run, records one entry per
 * execution, adds `tributary logs [NQL]` and `tributary changes`, and tells the host which connectors
 * ran. It provides the default log store, baselines, sync state and change ledger
 * (`<state.dir>/execution-log.db`, opened on the first run); a cluster plugin overrides them with its
 * shared ones.
 */
export default definePlugin({
  id: 'execution-log',
  version: '0.3.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Row and per-UPN limits, run status, and the execution log queried with NQL (tributary logs)',
  register(env) {
    const local = env.lazy(
      (services) => {
        const host = services.get(HostContextService);
        return openLogStore({
          stateDir: host.stateDir,
          retentionDays: host.retentionDays,
          onDamaged: (message) => host.logger.warn(message),
        });
      },
      (store) => store.close(),
    );
    env.provide(ExecutionLogStoreService, (services) => localLogStore(services.get(HostContextService), local));
    env.provide(BaselineStoreService, () => localBaselines(local));
    env.provide(SyncStateStoreService, () => localSyncState(local));
    env.provide(ChangeLedgerService, (services) => localChangeLedger(services.get(HostContextService), local));
    env.provide(ExecutionHistoryService, (services) => ({
      connectors: () => services.get(ExecutionLogStoreService).connectors(),
      query: (nql, page) => queryLogPage(services.get(ExecutionLogStoreService), nql, page),
    }));
    env.contribute(ExecutionListeners, (services) =>
      createExecutionLogListener(
        services.get(HostContextService),
        deferredLogStore(() => services.get(ExecutionLogStoreService)),
        deferredBaselines(() => services.get(BaselineStoreService)),
      ),
    );
    env.contribute(CliCommands, (services) => createLogsCommand(() => services.get(ExecutionLogStoreService)));
    env.contribute(CliCommands, (services) =>
      createChangesCommand(
        () => services.get(ChangeLedgerService),
        () => services.get(HostContextService).config.connectors.map((c) => c.nqlId),
      ),
    );
  },
});
