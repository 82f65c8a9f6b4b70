import {
  ExecutionLogStoreToken,
  HostContextToken,
  PLUGIN_API_VERSION,
  RunCoordinatorToken,
  SinkTypeToken,
  UserAttributeReaderToken,
  contributions,
  definePlugin,
  type HostContext,
} from '../../core/index.js';
import { openPgCluster, type PgCluster } from './pg-cluster.js';
import { postgresSinkType } from './sink/pg-sink-type.js';
import { postgresUserReader } from './sink/pg-user-reader.js';

export { openPgLogStore, LeaseLostError } from './log/pg-log-store.js';
export { connectCluster, type ClusterConnection } from './connection.js';
export { postgresDialect } from './pg-dialect.js';
export { tickJobId } from './coordinator/tick-queue.js';

/**
 * Tributary on several machines, on one PostgreSQL database. Loaded by the host when the config has
 * `cluster: { postgres: … }`: the execution log in the database (`core.execution-log-store`), the run
 * coordinator (ticks on pg-boss, leases renewed by heartbeat, lost workers' runs logged:
 * `core.run-coordinator`), and the `postgres` sink, read by `tributary users`.
 */
export default definePlugin({
  id: 'postgres',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Cluster on PostgreSQL: shared execution log, run coordinator (pg-boss ticks, leases) and the postgres sink',
  module: contributions(({ bind }) => {
    // One cluster per container (host), connected on first use; the pool is shared per process.
    let cluster: PgCluster | undefined;
    const clusterOf = (host: HostContext): PgCluster => (cluster ??= openPgCluster(host));
    type Context = { get(token: typeof HostContextToken): HostContext };
    const fromHost = (context: Context) => () => clusterOf(context.get(HostContextToken));
    // The host unbinds everything on close(): whichever contribution opened the cluster closes it.
    const close = async (): Promise<void> => {
      const open = cluster;
      cluster = undefined;
      await open?.close();
    };

    bind(ExecutionLogStoreToken)
      .toDynamicValue((context) => fromHost(context)().log)
      .inSingletonScope()
      .onDeactivation(close);
    bind(RunCoordinatorToken)
      .toDynamicValue((context) => fromHost(context)().coordinator)
      .inSingletonScope()
      .onDeactivation(close);
    bind(SinkTypeToken)
      .toDynamicValue((context) => postgresSinkType(fromHost(context)))
      .inSingletonScope()
      .onDeactivation(close);
    bind(UserAttributeReaderToken)
      .toDynamicValue((context) => postgresUserReader(fromHost(context)))
      .inSingletonScope()
      .onDeactivation(close);
  }),
});
