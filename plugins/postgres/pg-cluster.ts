import { hostname } from 'node:os';
import type {
  BaselineStore,
  ClusterConfig,
  ExecutionLogStore,
  ChangeLedger,
  HostContext,
  RunInfo,
  SyncStateStore,
} from 'tributary-kit';
import { connectCluster, type ClusterConnection } from './connection.js';
import { PgRunCoordinator } from './coordinator/pg-run-coordinator.js';
import { pgChangeLedger } from './ledger/pg-change-ledger.js';
import { openPgLogStore } from './log/pg-log-store.js';
import { pgSyncStateStore } from './sync/pg-sync-state-store.js';

/** Everything one host uses of the cluster database: the log, the sync state, the coordinator, the sinks' pool. */
export interface PgCluster {
  readonly settings: ClusterConfig;
  readonly connection: ClusterConnection;
  readonly log: ExecutionLogStore & { begin(run: RunInfo): Promise<void>; readonly baselines: BaselineStore };
  /** Each connector's cursor and members. */
  readonly syncState: SyncStateStore;
  /** The change ledger. */
  readonly changes: ChangeLedger;
  readonly coordinator: PgRunCoordinator;
  close(): Promise<void>;
}

/** The cluster of a host whose config has `cluster:`; connects on first use. */
export function openPgCluster(host: HostContext): PgCluster {
  const settings = host.config.cluster;
  if (!settings) throw new TypeError('The postgres plugin serves a config with cluster: only');
  hidePassword(settings.postgres, host);
  // Three connections per concurrent run (its sink's stage, its members' stage and, while it commits,
  // its changes' stage), plus the log, the heartbeats and the job queue.
  const connection = connectCluster(settings.postgres, 3 * host.config.maxConcurrentRuns + 4);
  const pool = () => connection.pool();
  const written = new Set<string>();
  const log = openPgLogStore(pool, { retentionDays: host.retentionDays, onWritten: (runId) => written.add(runId) });
  const coordinator = new PgRunCoordinator({
    pool,
    host: settings.hostName ?? `${hostname()}:${process.pid}`,
    leaseMs: settings.leaseSeconds * 1000,
    retentionDays: host.retentionDays,
    logger: host.logger,
    written,
  });
  return {
    settings,
    connection,
    log,
    syncState: pgSyncStateStore(pool),
    changes: pgChangeLedger(pool),
    coordinator,
    async close() {
      await coordinator.close();
      await connection.release();
    },
  };
}

/** The URL's password never shows in output, whatever its encoding in the URL. */
function hidePassword(url: string, host: HostContext): void {
  try {
    const password = new URL(url).password;
    if (password) {
      host.addSecret(password);
      host.addSecret(decodeURIComponent(password));
    }
  } catch {
    // not a URL the pool can use either: it will say so
  }
}
