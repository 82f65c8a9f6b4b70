import type pg from 'pg';
import {
  EMPTY_COMMIT_PLAN,
  FatalError,
  type ChangeReport,
  type CommitPlan,
  type SinkCommitResult,
  type SinkIdentifier,
  type SinkRecord,
  type SinkRun,
} from 'tributary-kit';
import { holdLeaseForCommit } from '../coordinator/lease-table.js';
import { copyLines } from '../copy/copy-lines.js';
import { CopyStage } from '../copy/copy-stage.js';
import { LeaseLostError } from '../log/pg-log-store.js';
import { storeFailure } from '../store-failure.js';
import { PgChangeTable } from './pg-change-table.js';
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

/** A run staging fewer rows than the stored users divided by this looks their stored values up one by one. */
const FEW_USERS_RATIO = 20;

/** Sort memory of a commit: 200,000 rows × 3 fields sort in about 100 MB. */
const COMMIT_WORK_MEM = '256MB';
const STAGE_COLUMNS =
  'seq bigserial, kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, identifier text NOT NULL, fields jsonb NOT NULL';

/**
 * One run's writes into the PostgreSQL store. Rows stream into a TEMP table of the run's own
 * connection through `COPY … FROM STDIN` (the stream's backpressure pauses the run); `commit`
 * applies the commit plan's removals and the whole table to `users` and `user_attributes` in ONE
 * transaction that first checks the run still holds its cluster lease. Readers see the old values or
 * all the new ones. Given a report, the same transaction records what it changes in a
 * {@link PgChangeTable}, sent once committed. `rehearse` runs the same transaction, sends what it
 * changed and rolls it back. `abort`, or a dead connection (a killed worker), drops the staging
 * table and leaves the store untouched.
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

  async commit(plan: CommitPlan = EMPTY_COMMIT_PLAN, report?: ChangeReport): Promise<SinkCommitResult> {
    this.#assertOpen();
    this.#finished = true;
    const { client } = this.#stage;
    const { runId, leaseMs } = this.#options;
    let changes: PgChangeTable | undefined;
    try {
      await this.#begin();
      if (!(await holdLeaseForCommit(client, runId, leaseMs)))
        throw new LeaseLostError(runId, 'its rows are not committed');
      if (report) changes = await this.#changeTable();
      await this.#apply(plan, changes);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await this.#stage.release();
      if (error instanceof LeaseLostError) throw error;
      throw this.#failed('commit to', error as Error);
    }
    try {
      if (changes && report) await changes.send(report, this.#options.tables.users);
    } finally {
      await this.#stage.release();
    }
    return { importedRows: this.#rows };
  }

  /**
   * Runs the commit's own statements in its transaction, sends `report` what they changed, and rolls
   * them back. The lease is not taken (the commit checks it). The rows the statements wrote stay
   * locked until the rollback, that is while `report` takes the changes (the host's only counts
   * them); nothing is held once it resolves. The staged rows stay as they were, for a later `commit`
   * (which compares again with the store as it is then) or `abort`.
   */
  async rehearse(plan: CommitPlan = EMPTY_COMMIT_PLAN, report: ChangeReport): Promise<void> {
    this.#assertOpen();
    const { client } = this.#stage;
    const failed = (error: Error) => this.#failed('rehearse the commit to', error);
    let sent = false;
    try {
      let changes: PgChangeTable;
      try {
        await this.#begin();
        changes = await this.#changeTable();
        await this.#apply(plan, changes);
      } catch (error) {
        throw failed(error as Error);
      }
      await changes.sendUncommitted(report, this.#options.tables.users, failed);
      sent = true;
    } finally {
      // Once sent, a failing rollback is the rehearsal's error; before, the first error stands.
      await client.query('ROLLBACK').catch((error: Error) => {
        if (sent) throw failed(error);
      });
    }
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await this.#stage.release();
  }

  /** Ends the staging and opens the commit's transaction on the run's connection. */
  async #begin(): Promise<void> {
    const { client } = this.#stage;
    await this.#stage.finish();
    await client.query('BEGIN');
    // The de-duplicating sorts of a large run stay in memory (for this transaction only).
    await client.query(`SET LOCAL work_mem = '${COMMIT_WORK_MEM}'`);
  }

  /** The change table of a commit that reports, created inside its transaction. */
  #changeTable(): Promise<PgChangeTable> {
    return PgChangeTable.create(this.#stage.client, `${this.#stage.table}_changes`);
  }

  /**
   * The commit's statements, inside its transaction: the plan's removals, the staged rows, the
   * removed users left with nothing; recorded in `changes` when given.
   */
  async #apply(plan: CommitPlan, changes: PgChangeTable | undefined): Promise<void> {
    await this.#removeValues(plan.remove, changes);
    await this.#upsert(changes);
    await this.#removeUsers(plan.remove);
  }

  /**
   * Removes what this connector wrote for each user of `remove` (by kind and lower-cased identifier),
   * recorded in `changes` when given. It runs before the upserts: a user this run also wrote keeps
   * what it wrote.
   */
  async #removeValues(remove: readonly SinkIdentifier[], changes: PgChangeTable | undefined): Promise<void> {
    if (remove.length === 0) return;
    const { tables, connector } = this.#options;
    const values = `DELETE FROM ${tables.attributes} AS a USING ${tables.users} AS u, unnest($1::text[], $2::text[]) AS r (kind, key)
       WHERE u.identifier_kind = r.kind AND u.identifier_key = r.key AND a.user_id = u.id AND a.connector = $3`;
    await this.#stage.client.query(
      changes
        ? `WITH removed AS (${values} RETURNING a.user_id, a.field, a.value, u.identifier_kind, u.identifier)
           INSERT INTO ${changes.name} (user_id, field, old_value, new_value, kind, identifier)
           SELECT user_id, field, value #>> '{}', NULL, identifier_kind, identifier FROM removed`
        : values,
      [...identifierArrays(remove), connector],
    );
  }

  /** Then, after the upserts, the users of `remove` left with no attribute from any connector. */
  async #removeUsers(remove: readonly SinkIdentifier[]): Promise<void> {
    if (remove.length === 0) return;
    const { tables } = this.#options;
    await this.#stage.client.query(
      `DELETE FROM ${tables.users} AS u USING unnest($1::text[], $2::text[]) AS r (kind, key)
       WHERE u.identifier_kind = r.kind AND u.identifier_key = r.key
         AND NOT EXISTS (SELECT 1 FROM ${tables.attributes} AS a WHERE a.user_id = u.id)`,
      identifierArrays(remove),
    );
  }

  /**
   * Every staged user with its latest spelling, and every field's value from the user's last row.
   * With `changes`, the same statement records each value whose text differs from the stored one,
   * and the value it replaces (its sub-statements all read the store as it was before it).
   */
  async #upsert(changes: PgChangeTable | undefined): Promise<void> {
    const { client, table: stage } = this.#stage;
    const { tables, runId, connector } = this.#options;
    await client.query(
      `INSERT INTO ${tables.users} (identifier_kind, identifier_key, identifier)
       SELECT DISTINCT ON (kind, key) kind, key, identifier FROM ${stage} ORDER BY kind, key, seq DESC
       ON CONFLICT (identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier
       WHERE ${tables.users}.identifier IS DISTINCT FROM excluded.identifier`,
    );
    const staged = `SELECT DISTINCT ON (u.id, f.key) u.id AS user_id, f.key AS field, f.value
       FROM ${stage} AS s
       JOIN ${tables.users} AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key
       CROSS JOIN LATERAL jsonb_each(s.fields) AS f (key, value)
       ORDER BY u.id, f.key, s.seq DESC`;
    const upsert = (from: string) =>
      `INSERT INTO ${tables.attributes} (user_id, field, value, connector, updated_at, run_id)
       SELECT user_id, field, value, $1, now(), $2 FROM ${from}
       ON CONFLICT (user_id, field) DO UPDATE SET
         value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at, run_id = excluded.run_id`;
    await client.query(
      changes
        ? `WITH staged AS MATERIALIZED (${staged}),
           recorded AS (
             INSERT INTO ${changes.name} (user_id, field, old_value, new_value)
             SELECT user_id, field, old_value, new_value FROM (${await this.#beforeAndAfter()}) AS d
             WHERE old_value IS DISTINCT FROM new_value
             ON CONFLICT (user_id, field) DO UPDATE SET new_value = excluded.new_value)
           ${upsert('staged')}`
        : upsert(`(${staged}) AS staged`),
      [connector, runId],
    );
  }

  /**
   * Each value of `staged` with the stored one, as text. The planner expects 100 fields per staged
   * row (jsonb_each's estimate), so it would always hash the whole attribute table: right for a
   * large run, but a change read of a few users into millions would read them all. A run that
   * staged fewer rows than a twentieth of the users (as the table's statistics count them) looks its
   * values up one by one instead (measured at 200,000 users: a lookup in a table every full run
   * rewrites costs about what hashing ten stored values does).
   */
  async #beforeAndAfter(): Promise<string> {
    const { client } = this.#stage;
    const { tables } = this.#options;
    const { rows } = await client.query<{ users: number }>(
      `SELECT reltuples::float8 AS users FROM pg_class WHERE oid = $1::regclass`,
      [tables.users],
    );
    return this.#rows * FEW_USERS_RATIO < (rows[0]?.users ?? 0)
      ? `SELECT s.user_id, s.field, s.value #>> '{}' AS new_value,
           (SELECT a.value #>> '{}' FROM ${tables.attributes} AS a WHERE a.user_id = s.user_id AND a.field = s.field) AS old_value
         FROM staged AS s`
      : `SELECT s.user_id, s.field, s.value #>> '{}' AS new_value, a.value #>> '{}' AS old_value
         FROM staged AS s LEFT JOIN ${tables.attributes} AS a ON a.user_id = s.user_id AND a.field = s.field`;
  }

  #failed(what: string, error: Error): FatalError {
    return storeFailure('POSTGRES_SINK_FAILED', `Could not ${what} the PostgreSQL user store`, error);
  }

  #assertOpen(): void {
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}

/** The `$1` (kinds) and `$2` (lower-cased identifiers) of a statement over `users`. */
function identifierArrays(users: readonly SinkIdentifier[]): [string[], string[]] {
  return [users.map((r) => r.kind), users.map((r) => r.value.toLowerCase())];
}
