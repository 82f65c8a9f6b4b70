import {
  BaselineStoreService,
  ChangeLedgerService,
  CliCommands,
  ControlStoreService,
  ExecutionHistoryService,
  ExecutionListeners,
  ExecutionLogStoreService,
  HostContextService,
  PLUGIN_API_VERSION,
  SyncStateStoreService,
  definePlugin,
} from '../../core/index.js';
import { join } from 'node:path';
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
import { localControlStore } from './store/local-control-store.js';
import { LOG_DB_FILE, openLogStore } from './store/log-store.js';
import { openControlStore } from './store/open-control-store.js';
import { withControlRetention } from './store/with-control-retention.js';

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
 * ran. It provides the default log store, baselines, sync state, change ledger and control store
 * (`<state.dir>/execution-log.db`, opened on the first run); a cluster plugin overrides them with its
 * shared ones. Whenever the log prunes its entries by `state.retentionDays`, the control store's are
 * pruned by the same retention.
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
    // The control store's own connection to the log's file, once the log store opened (or replaced) it.
    const control = env.lazy(
      (services) => {
        const { stateDir } = services.get(HostContextService);
        local();
        return openControlStore(stateDir === ':memory:' ? ':memory:' : join(stateDir, LOG_DB_FILE));
      },
      (opened) => opened.close(),
    );
    env.provide(ExecutionLogStoreService, (services) => localLogStore(services.get(HostContextService), local));
    env.provide(BaselineStoreService, () => localBaselines(local));
    env.provide(SyncStateStoreService, () => localSyncState(local));
    env.provide(ChangeLedgerService, (services) => localChangeLedger(services.get(HostContextService), local));
    env.provide(ControlStoreService, (services) =>
      localControlStore(services.get(HostContextService), () => control().store),
    );
    env.provide(ExecutionHistoryService, (services) => ({
      connectors: () => services.get(ExecutionLogStoreService).connectors(),
      query: (nql, page) => queryLogPage(services.get(ExecutionLogStoreService), nql, page),
    }));
    env.contribute(ExecutionListeners, (services) =>
      createExecutionLogListener(
        services.get(HostContextService),
        withControlRetention(
          deferredLogStore(() => services.get(ExecutionLogStoreService)),
          () => services.get(ControlStoreService),
          services.get(HostContextService),
        ),
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
