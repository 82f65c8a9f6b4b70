import type {
  BaselineStore,
  ChangeLedger,
  ExecutionLogStore,
  HostContext,
  SyncStateStore,
} from '../../../core/index.js';
import { logStoreExists, openLogStore, type LogStore } from './log-store.js';

let empty: LogStore | undefined;
/** An in-memory store with nothing in it, shared (queries only read it). */
function emptyStore(): LogStore {
  return (empty ??= openLogStore({ stateDir: ':memory:' }));
}

/**
 * The default log store: `<state.dir>/execution-log.db`, opened by `open` when a run is first written.
 * Reading a log that was never written shows nothing and creates no file. Closing is the host's
 * business (the opener is closed when the host closes), not a reader's.
 */
export function localLogStore(host: Pick<HostContext, 'stateDir'>, open: () => LogStore): ExecutionLogStore {
  const readable = readableStore(host, open);
  return {
    begin: async (run) => open().begin?.(run),
    append: (result) => open().append(result),
    query: (query, now) => readable().query(query, now),
    connectors: () => readable().connectors(),
    close: async () => undefined,
  };
}

/** The store to read: the file when it exists, else an empty one (reading creates no file). */
function readableStore(host: Pick<HostContext, 'stateDir'>, open: () => LogStore): () => LogStore {
  return () => (host.stateDir === ':memory:' || logStoreExists(host.stateDir) ? open() : emptyStore());
}

/** The local store's change ledger: written through the file (opened when first written), read like the log. */
export function localChangeLedger(host: Pick<HostContext, 'stateDir'>, open: () => LogStore): ChangeLedger {
  const readable = readableStore(host, open);
  return {
    stage: (run) => open().changes.stage(run),
    knows: (nqlId) => readable().changes.knows(nqlId),
    entries: (filter) => readable().changes.entries(filter),
    summary: (runId) => readable().changes.summary(runId),
    prune: (before) => open().changes.prune(before),
  };
}

/** The local store's baselines, opening it when first read or written. */
export function localBaselines(open: () => LogStore): BaselineStore {
  return { read: (nqlId) => open().baselines.read(nqlId), write: (baseline) => open().baselines.write(baseline) };
}

/** A store asked for when used, not when the listener is made: whichever plugin provides it, nothing opens before a run. */
export function deferredLogStore(get: () => ExecutionLogStore): ExecutionLogStore {
  return {
    begin: async (run) => get().begin?.(run),
    append: (result) => get().append(result),
    query: (query, now) => get().query(query, now),
    connectors: () => get().connectors(),
    close: async () => undefined,
  };
}

/** Baselines asked for when used, like {@link deferredLogStore}. */
export function deferredBaselines(get: () => BaselineStore): BaselineStore {
  return { read: (nqlId) => get().read(nqlId), write: (baseline) => get().write(baseline) };
}

/** The local store's sync state, opening it when first used. */
export function localSyncState(open: () => LogStore): SyncStateStore {
  return {
    read: (nqlId) => open().syncState.read(nqlId),
    stage: (nqlId, runId) => open().syncState.stage(nqlId, runId),
  };
}
