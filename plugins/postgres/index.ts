import {
  BaselineStoreService,
  ChangeLedgerService,
  ControlStoreService,
  ExecutionLogStoreService,
  HostContextService,
  PLUGIN_API_VERSION,
  RunCoordinatorService,
  SinkTypes,
  SyncStateStoreService,
  UserAttributeReaders,
  definePlugin,
} from 'tributary-kit';
import { pgControlStore } from './control/pg-control-store.js';
import { openPgCluster } from './pg-cluster.js';
import { postgresSinkType } from './sink/pg-sink-type.js';
import { postgresUserReader } from './sink/pg-user-reader.js';

export { openPgLogStore, LeaseLostError } from './log/pg-log-store.js';
export { connectCluster, type ClusterConnection } from './connection.js';
export { postgresDialect } from './pg-dialect.js';
export { tickJobId } from './coordinator/tick-queue.js';

/**
 * Tributary on several machines, on one PostgreSQL database. Loaded by the host when the config has
 * `cluster: { postgres: … }`: the execution log, the shrink guard's baselines, each connector's
 * sync cursor and members, the change ledger and the control store (held runs, pauses, the audit
 * trail, live runs) in the database (overriding the execution-log plugin's
 * `core.execution-log-store`, `core.baseline-store`, `core.sync-state-store`, `core.change-ledger`
 * and `core.control-store`), the run
 * coordinator (ticks on pg-boss, leases renewed by heartbeat, lost workers' runs logged:
 * `core.run-coordinator`), and the `postgres` sink, read by `tributary users`.
 */
export default definePlugin({
  id: 'postgres',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'Cluster on PostgreSQL: shared execution log, run coordinator (pg-boss ticks, leases) and the postgres sink',
  register(env) {
    // One cluster per host, connected on first use, closed when the host closes.
    const cluster = env.lazy(
      (services) => openPgCluster(services.get(HostContextService)),
      (opened) => opened.close(),
    );
    env.override(ExecutionLogStoreService, () => cluster().log);
    env.override(BaselineStoreService, () => cluster().log.baselines);
    env.override(SyncStateStoreService, () => cluster().syncState);
    env.override(ChangeLedgerService, () => cluster().changes);
    env.override(ControlStoreService, () => pgControlStore(() => cluster().connection.pool()));
    env.provide(RunCoordinatorService, () => cluster().coordinator);
    env.contribute(SinkTypes, postgresSinkType(cluster));
    env.contribute(UserAttributeReaders, postgresUserReader(cluster));
  },
});
