import {
  CliCommandToken,
  ExecutionHistoryToken,
  ExecutionListenerToken,
  HostContextToken,
  PLUGIN_API_VERSION,
  contributions,
  definePlugin,
  type HostContext,
} from '../../core/index.js';
import { createExecutionLogListener } from './execution-log-listener.js';
import { createLogsCommand } from './logs-command.js';
import { logStoreExists, openLogStore, type LogStore } from './store/log-store.js';

export { createExecutionLogListener } from './execution-log-listener.js';
export { createLogsCommand } from './logs-command.js';
export { openLogStore, type LogStore, type LogRow } from './store/log-store.js';
export { sqliteBaselineStore, type BaselineStore, type RunBaseline } from './store/baseline-store.js';
export { queryLogs, DEFAULT_NQL, type LogQueryResult } from './query-logs.js';
export { NqlSyntaxError } from './nql/nql-syntax-error.js';
export { parseNql, NQL_TABLE } from './nql/parse-nql.js';
export { compileNql, type CompiledNql } from './nql/compile-nql.js';
export { LimitObserver, type LimitCounts } from './limit-observer.js';

/**
 * The shared execution log: enforces the row and per-UPN limits on every run, records one entry per
 * execution in `<state.dir>/execution-log.db`, adds `tributary logs [NQL]`, and tells the host which
 * connectors ran (ExecutionHistory).
 */
export default definePlugin({
  id: 'execution-log',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Row and per-UPN limits, run status, and the execution log queried with NQL (tributary logs)',
  module: contributions(({ bind }) => {
    // One store per container (host): the listener and the command share it, opened on first use.
    let store: LogStore | undefined;
    const storeOf = (host: HostContext): LogStore =>
      (store ??= openLogStore({ stateDir: host.stateDir, retentionDays: host.retentionDays }));

    bind(ExecutionListenerToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        return createExecutionLogListener(host, lazyStore(() => storeOf(host)));
      })
      .inSingletonScope()
      // The host unbinds everything on close(): close the store with it.
      .onDeactivation(() => {
        store?.close();
        store = undefined;
      });
    bind(CliCommandToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        // Querying a log that was never written shows nothing and creates no file.
        return createLogsCommand(() =>
          store || host.stateDir === ':memory:' || logStoreExists(host.stateDir) ? storeOf(host) : openLogStore({ stateDir: ':memory:' }),
        );
      })
      .inSingletonScope();
    bind(ExecutionHistoryToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        return { connectors: () => (store || logStoreExists(host.stateDir) ? storeOf(host).connectors() : []) };
      })
      .inSingletonScope();
  }),
});

/** A store that opens the real one when first used (a host that never runs anything creates no file). */
function lazyStore(open: () => LogStore): LogStore {
  return {
    append: (result) => open().append(result),
    connectors: () => open().connectors(),
    select: (sql, params) => open().select(sql, params),
    get baselines() {
      return open().baselines;
    },
    close: () => open().close(),
  };
}
