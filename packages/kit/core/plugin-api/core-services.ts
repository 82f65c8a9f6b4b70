import type { BaselineStore, ExecutionLogStore } from '../execution-log-store.js';
import type { ExecutionHistory } from '../execution-history.js';
import type { HostContext } from '../host-context.js';
import type { HttpClient } from '../http-client.js';
import type { RunContext } from '../run-context.js';
import type { RunCoordinator } from '../run-coordinator.js';
import type { SyncStateStore } from '../sync/sync-state-store.js';
import type { ControlStore } from '../control/control-store.js';
import type { ChangeLedger } from '../ledger/change-ledger.js';
import { createServiceRef } from './service-ref.js';

/** Provided by the host: state dir, limits, config, logger, `addSecret`. */
export const HostContextService = createServiceRef<HostContext>({ id: 'core.host-context' });

/** Provided by the host: the HTTP client (retries, typed errors, redirects kept on the origin). */
export const HttpClientService = createServiceRef<HttpClient>({ id: 'core.http-client' });

/** Provided by the host to per-run contributions only: the run being resolved for. */
export const RunContextService = createServiceRef<RunContext>({ id: 'core.run-context' });

/** Where execution-log entries are kept. Default: the execution-log plugin's SQLite store; the postgres plugin overrides it. */
export const ExecutionLogStoreService = createServiceRef<ExecutionLogStore>({ id: 'core.execution-log-store' });

/** The shrink guard's baselines. Default: the execution-log plugin's SQLite store; the postgres plugin overrides it. */
export const BaselineStoreService = createServiceRef<BaselineStore>({ id: 'core.baseline-store' });

/** Each connector's sync cursor and members. Default: the execution-log plugin's SQLite store; the postgres plugin overrides it. */
export const SyncStateStoreService = createServiceRef<SyncStateStore>({ id: 'core.sync-state-store' });

/** Held runs, paused schedules, the audit trail, live progress and run log lines. Default: the execution-log plugin's SQLite store; the postgres plugin overrides it. */
export const ControlStoreService = createServiceRef<ControlStore>({ id: 'core.control-store' });

/** The change ledger. Default: the execution-log plugin's SQLite store; the postgres plugin overrides it. */
export const ChangeLedgerService = createServiceRef<ChangeLedger>({ id: 'core.change-ledger' });

/** Which connectors ran, and the log's query for the JSON API. Default: the execution-log plugin. */
export const ExecutionHistoryService = createServiceRef<ExecutionHistory>({ id: 'core.execution-history' });

/** Coordinates runs across hosts in a cluster. No default; the postgres plugin provides it. */
export const RunCoordinatorService = createServiceRef<RunCoordinator>({ id: 'core.run-coordinator' });

/** Services only the host provides: a plugin can neither provide nor override them. */
export const HOST_SERVICES: readonly string[] = [HostContextService.id, HttpClientService.id, RunContextService.id];
