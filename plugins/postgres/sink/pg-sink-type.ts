import * as v from 'valibot';
import type { Sink, SinkConfig, SinkRunContext, SinkType } from 'tributary-kit';
import type { PgCluster } from '../pg-cluster.js';
import { CopyRun } from './copy-run.js';
import { ensureUserTables, userTables } from './user-tables.js';

const DEFAULT_USER_SCHEMA = 'tributary';

const postgresSinkSchema = v.strictObject({
  id: v.pipe(v.string(), v.nonEmpty('The sink id must not be empty')),
  type: v.literal('postgres'),
  /** The PostgreSQL schema of its tables (`users`, `user_attributes`); default `tributary`. */
  schema: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name: a-z, 0-9 and "_"')),
    DEFAULT_USER_SCHEMA,
  ),
});

export type PostgresSinkConfig = v.InferOutput<typeof postgresSinkSchema>;

/** The schema a configured postgres sink writes to. */
export function sinkSchema(config: SinkConfig): string {
  return typeof config.schema === 'string' ? config.schema : DEFAULT_USER_SCHEMA;
}

/**
 * The user-attribute store in the cluster's database (`type: postgres`): staged with COPY, committed
 * in one transaction fenced by the run's lease, with the commit plan's removals. It applies change
 * reads: a change read only upserts the users that changed, the others keep their values. It exists
 * in cluster mode only (the plugin loads with `cluster:`).
 */
export function postgresSinkType(cluster: () => PgCluster): SinkType<PostgresSinkConfig> {
  return {
    type: 'postgres',
    displayName: 'User-attribute store in the cluster database (PostgreSQL)',
    appliesChanges: true,
    reportsChanges: true,
    schema: postgresSinkSchema,
    create(config): Sink {
      const tables = userTables(config.schema);
      return {
        id: config.id,
        async open(context: SinkRunContext) {
          const { connection, coordinator } = cluster();
          const pool = await connection.pool();
          await ensureUserTables(pool, config.schema);
          return CopyRun.open({
            pool,
            tables,
            runId: context.run.runId,
            connector: context.connector.nqlId,
            leaseMs: coordinator.leaseMs,
          });
        },
      };
    },
  };
}
