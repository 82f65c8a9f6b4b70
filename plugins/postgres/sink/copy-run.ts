import type pg from 'pg';
import {
  EMPTY_COMMIT_PLAN,
  FatalError,
  type CommitPlan,
  type SinkCommitResult,
  type SinkIdentifier,
  type SinkRecord,
  type SinkRun,
} from '../../../core/index.js';
import { holdLeaseForCommit } from '../coordinator/lease-table.js';
import { copyLines } from '../copy/copy-lines.js';
import { CopyStage } from '../copy/copy-stage.js';
import { LeaseLostError } from '../log/pg-log-store.js';
import { storeFailure } from '../store-failure.js';
import type { UserTables } from './user-tables.js';

export interface CopyRunOptions {
  /** The run takes one connection of it until it commits or aborts. */
  readonly pool: pg.Pool;
  readonly tables: UserTables;
  readonly runId: string;
  readonly connector: string;
  /** Fencing: the commit checks the run's lease and extends it by this much. */
  readonly leaseMs: number;
}

/** Sort memory of a commit: 200,000 rows × 3 fields sort in about 100 MB. */
const COMMIT_WORK_MEM = '256MB';
const STAGE_COLUMNS =
  'seq bigserial, kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, identifier text NOT NULL, fields jsonb NOT NULL';

/**
 * One run's writes into the PostgreSQL store. Rows stream into a TEMP table of the run's own
 * connection through `COPY … FROM STDIN` (the stream's backpressure pauses the run); `commit`
 * applies the commit plan's removals and the whole table to `users` and `user_attributes` in ONE
 * transaction that first checks the run still holds its cluster lease. Readers see the old values or
 * all the new ones. `abort`, or a dead connection (a killed worker), drops the staging table and
 * leaves the store untouched.
 */
export class CopyRun implements SinkRun {
  readonly #options: CopyRunOptions;
  readonly #stage: CopyStage;
  #rows = 0;
  #finished = false;

  private constructor(options: CopyRunOptions, stage: CopyStage) {
    this.#options = options;
    this.#stage = stage;
  }

  static async open(options: CopyRunOptions): Promise<CopyRun> {
    const stage = await CopyStage.open(options.pool, STAGE_COLUMNS, ['kind', 'key', 'identifier', 'fields']);
    return new CopyRun(options, stage);
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    this.#assertOpen();
    try {
      await this.#stage.write(copyLines(records));
    } catch (error) {
      throw this.#failed('stage rows in', error as Error);
    }
    this.#rows += records.length;
  }

  async commit(plan: CommitPlan = EMPTY_COMMIT_PLAN): Promise<SinkCommitResult> {
    this.#assertOpen();
    this.#finished = true;
    const { client } = this.#stage;
    const { runId, leaseMs } = this.#options;
    try {
      await this.#stage.finish();
      await client.query('BEGIN');
      // The de-duplicating sorts of a large run stay in memory (for this transaction only).
      await client.query(`SET LOCAL work_mem = '${COMMIT_WORK_MEM}'`);
      if (!(await holdLeaseForCommit(client, runId, leaseMs)))
        throw new LeaseLostError(runId, 'its rows are not committed');
      await this.#remove(plan.remove);
      await this.#upsert();
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await this.#stage.release();
      if (error instanceof LeaseLostError) throw error;
      throw this.#failed('commit to', error as Error);
    }
    await this.#stage.release();
    return { importedRows: this.#rows };
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await this.#stage.release();
  }

  /**
   * Removes what this connector wrote for each user of `remove` (by kind and lower-cased identifier),
   * then the users left with no attribute from any connector. It runs before the upserts: a user this
   * run also wrote keeps what it wrote.
   */
  async #remove(remove: readonly SinkIdentifier[]): Promise<void> {
    if (remove.length === 0) return;
    const { client } = this.#stage;
    const { tables, connector } = this.#options;
    const kinds = remove.map((r) => r.kind);
    const keys = remove.map((r) => r.value.toLowerCase());
    await client.query(
      `DELETE FROM ${tables.attributes} AS a USING ${tables.users} AS u, unnest($1::text[], $2::text[]) AS r (kind, key)
       WHERE u.identifier_kind = r.kind AND u.identifier_key = r.key AND a.user_id = u.id AND a.connector = $3`,
      [kinds, keys, connector],
    );
    await client.query(
      `DELETE FROM ${tables.users} AS u USING unnest($1::text[], $2::text[]) AS r (kind, key)
       WHERE u.identifier_kind = r.kind AND u.identifier_key = r.key
         AND NOT EXISTS (SELECT 1 FROM ${tables.attributes} AS a WHERE a.user_id = u.id)`,
      [kinds, keys],
    );
  }

  /** Every staged user with its latest spelling, and every field's value from the user's last row. */
  async #upsert(): Promise<void> {
    const { client, table: stage } = this.#stage;
    const { tables, runId, connector } = this.#options;
    await client.query(
      `INSERT INTO ${tables.users} (identifier_kind, identifier_key, identifier)
       SELECT DISTINCT ON (kind, key) kind, key, identifier FROM ${stage} ORDER BY kind, key, seq DESC
       ON CONFLICT (identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier
       WHERE ${tables.users}.identifier IS DISTINCT FROM excluded.identifier`,
    );
    await client.query(
      `INSERT INTO ${tables.attributes} (user_id, field, value, connector, updated_at, run_id)
       SELECT DISTINCT ON (u.id, f.key) u.id, f.key, f.value, $1, now(), $2
       FROM ${stage} AS s
       JOIN ${tables.users} AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key
       CROSS JOIN LATERAL jsonb_each(s.fields) AS f (key, value)
       ORDER BY u.id, f.key, s.seq DESC
       ON CONFLICT (user_id, field) DO UPDATE SET
         value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at, run_id = excluded.run_id`,
      [connector, runId],
    );
  }

  #failed(what: string, error: Error): FatalError {
    return storeFailure('POSTGRES_SINK_FAILED', `Could not ${what} the PostgreSQL user store`, error);
  }

  #assertOpen(): void {
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}
