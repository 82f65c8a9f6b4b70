import * as v from 'valibot';
import type { Sink, SinkContext, SinkRunContext, SinkType } from 'tributary-kit';
import { StagedRun } from './staged-run.js';
import { openUserStore, userStorePath, type UserStoreDatabase } from './user-store.js';

const sqliteSinkSchema = v.strictObject({
  id: v.pipe(v.string(), v.nonEmpty('The sink id must not be empty')),
  type: v.literal('sqlite'),
  /** Database file; default `<state.dir>/users.db`. */
  path: v.optional(v.pipe(v.string(), v.nonEmpty('The path must not be empty'))),
});

export type SqliteSinkConfig = v.InferOutput<typeof sqliteSinkSchema>;

class SqliteSink implements Sink {
  readonly id: string;
  readonly #file: string;
  #db: UserStoreDatabase | undefined;

  constructor(config: SqliteSinkConfig, context: SinkContext) {
    this.id = config.id;
    this.#file = userStorePath(context.stateDir, context.configDir, config.path);
  }

  async open(context: SinkRunContext): Promise<StagedRun> {
    this.#db ??= openUserStore(this.#file);
    return new StagedRun(this.#db, context.connector.nqlId);
  }

  async close(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
  }
}

/** The embedded user-attribute store (`type: sqlite`), the default sink. */
export const sqliteSinkType: SinkType<SqliteSinkConfig> = {
  type: 'sqlite',
  displayName: 'Embedded user-attribute store (SQLite)',
  hostLocal: true,
  appliesChanges: true,
  reportsChanges: true,
  schema: sqliteSinkSchema,
  create: (config, context) => new SqliteSink(config, context),
};
