import {
  CliCommandToken,
  ExecutionHistoryToken,
  ExecutionListenerToken,
  ExecutionLogStoreToken,
  HostContextToken,
  PLUGIN_API_VERSION,
  contributions,
  definePlugin,
  type ExecutionLogStore,
  type HostContext,
} from '../../core/index.js';
import { createExecutionLogListener } from './execution-log-listener.js';
import { createLogsCommand } from './logs-command.js';
import { queryLogPage } from './query-log-page.js';
import type { BaselineStore } from './store/baseline-store.js';
import { logStoreExists, openLogStore, type LogStore } from './store/log-store.js';

export { createExecutionLogListener } from './execution-log-listener.js';
export { createLogsCommand } from './logs-command.js';
export { openLogStore, type LogStore } from './store/log-store.js';
export { sqliteBaselineStore, type BaselineStore, type RunBaseline } from './store/baseline-store.js';
export { sqliteDialect } from './store/sqlite-dialect.js';
export { queryLogPage, NEWEST_FIRST_NQL } from './query-log-page.js';
export { LimitObserver, type LimitCounts } from './limit-observer.js';

/**
 * The shared execution log: enforces the row and per-UPN limits on every run, records one entry per
 * execution in `<state.dir>/execution-log.db` (or in the store a cluster plugin contributes under
 * `core.execution-log-store`), adds `tributary logs [NQL]`, and tells the host which connectors ran
 * (ExecutionHistory).
 */
export default definePlugin({
  id: 'execution-log',
  version: '0.2.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Row and per-UPN limits, run status, and the execution log queried with NQL (tributary logs)',
  module: contributions(({ bind }) => {
    // One embedded store per container (host): the listener and the command share it, opened on first use.
    let store: LogStore | undefined;
    const storeOf = (host: HostContext): LogStore =>
      (store ??= openLogStore({ stateDir: host.stateDir, retentionDays: host.retentionDays, onDamaged: (message) => host.logger.warn(message) }));
    /** The store a cluster plugin contributes, asked when first needed (it may load after this plugin). */
    type Context = { get(token: typeof ExecutionLogStoreToken, options: { optional: true }): ExecutionLogStore | undefined };
    const sharedOf = (context: Context) => context.get(ExecutionLogStoreToken, { optional: true });

    bind(ExecutionListenerToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        // The baselines live with the entries: in the shared store when a cluster plugin contributes one.
        const baselinesOf = (): BaselineStore => sharedOf(context)?.baselines ?? storeOf(host).baselines;
        const baselines: BaselineStore = { read: (nqlId) => baselinesOf().read(nqlId), write: (b) => baselinesOf().write(b) };
        return createExecutionLogListener(host, lazyStore(() => sharedOf(context) ?? storeOf(host)), baselines);
      })
      .inSingletonScope()
      // The host unbinds everything on close(): close the store with it.
      .onDeactivation(async () => {
        await store?.close();
        store = undefined;
      });
    bind(CliCommandToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        // Querying a log that was never written shows nothing and creates no file.
        return createLogsCommand(
          () =>
            sharedOf(context) ??
            (store || host.stateDir === ':memory:' || logStoreExists(host.stateDir) ? storeOf(host) : openLogStore({ stateDir: ':memory:' })),
        );
      })
      .inSingletonScope();
    bind(ExecutionHistoryToken)
      .toDynamicValue((context) => {
        const host = context.get<HostContext>(HostContextToken);
        const exists = (): boolean => store !== undefined || host.stateDir === ':memory:' || logStoreExists(host.stateDir);
        return {
          connectors: async () => {
            const shared = sharedOf(context);
            if (shared) return shared.connectors();
            return store || logStoreExists(host.stateDir) ? storeOf(host).connectors() : [];
          },
          // Reading a log that was never written creates no file: the query runs on an empty store.
          query: (nql: string | undefined, page: { offset: number; limit: number }) =>
            queryLogPage(sharedOf(context) ?? (exists() ? storeOf(host) : emptyStore()), nql, page),
        };
      })
      .inSingletonScope();
  }),
});

let empty: LogStore | undefined;
/** An in-memory store with nothing in it, shared (queries only read it). */
function emptyStore(): LogStore {
  return (empty ??= openLogStore({ stateDir: ':memory:' }));
}

/** A store that opens the real one when first used (a host that never runs anything creates no file). */
function lazyStore(open: () => ExecutionLogStore): ExecutionLogStore {
  return {
    begin: async (run) => open().begin?.(run),
    append: (result) => open().append(result),

    connectors: () => open().connectors(),
    query: (query, now) => open().query(query, now),
    close: () => open().close(),
  };
}
