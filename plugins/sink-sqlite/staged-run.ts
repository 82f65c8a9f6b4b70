import type { ChangeReport, CommitPlan, SinkCommitResult, SinkRecord, SinkRun } from 'tributary-kit';
import { FatalError } from 'tributary-kit';
import { ChangeTable } from './change-table.js';
import { CACHE_KIB, LARGE_COMMIT_CACHE_KIB, LARGE_COMMIT_ROWS, type UserStoreDatabase } from './user-store.js';

let stagingCounter = 0;

/**
 * Rows per multi-row INSERT while staging: one statement execution per 100 rows instead of one per
 * row (the per-execution cost dominated staging in the benchmark's profile).
 */
const STAGE_CHUNK = 100;

/** Thrown at the end of a rehearsal's transaction: it rolls the transaction back. */
const ROLLED_BACK = Symbol('rolled back');

/** Puts a record's four staging columns into `params` at `at`; returns `params`. */
function setParams(params: string[], at: number, record: SinkRecord): string[] {
  const { identifier, fields } = record;
  params[at] = identifier.kind;
  params[at + 1] = identifier.value.toLowerCase();
  params[at + 2] = identifier.value;
  params[at + 3] = JSON.stringify(fields);
  return params;
}

/**
 * One run's writes into the embedded store. Rows go to a connection-private TEMP table (one row per
 * record, its fields as JSON) in one transaction per `write`; `commit` applies the whole table to
 * `users` and `user_attributes` in ONE transaction, with the plan's removals (leavers), so another
 * connection sees either the old values or all the new ones. A change read needs nothing more: its
 * rows are upserted like any other. Only values that differ from the stored ones (or that another
 * connector wrote) are written, with the run's connector and time: an unchanged value keeps its
 * `updated_at`. Given a report, the commit also keeps what it changes in a {@link ChangeTable} and
 * sends it once committed. `rehearse` runs the same transaction and rolls it back. `abort`, or a
 * crash, drops the staging table and leaves the store untouched.
 */
export class StagedRun implements SinkRun {
  readonly #db: UserStoreDatabase;
  readonly #table: string;
  readonly #connector: string;
  readonly #stage: (records: readonly SinkRecord[]) => void;
  #rows = 0;
  #finished = false;

  constructor(db: UserStoreDatabase, connector: string) {
    this.#db = db;
    this.#connector = connector;
    this.#table = `staging_${process.pid}_${++stagingCounter}`;
    db.exec(
      `CREATE TEMP TABLE ${this.#table} (kind TEXT NOT NULL, key TEXT NOT NULL, identifier TEXT NOT NULL, fields TEXT NOT NULL)`,
    );
    const insert = (rows: number) =>
      db.prepare(
        `INSERT INTO temp.${this.#table} (kind, key, identifier, fields) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`,
      );
    const insertOne = insert(1);
    const insertChunk = insert(STAGE_CHUNK);
    const params: string[] = new Array<string>(STAGE_CHUNK * 4);
    const single: string[] = new Array<string>(4);
    this.#stage = db.transaction((records: readonly SinkRecord[]) => {
      let i = 0;
      for (; i + STAGE_CHUNK <= records.length; i += STAGE_CHUNK) {
        for (let k = 0; k < STAGE_CHUNK; k++) setParams(params, k * 4, records[i + k]!);
        insertChunk.run(params);
      }
      for (; i < records.length; i++) insertOne.run(setParams(single, 0, records[i]!));
    });
  }

  write(records: readonly SinkRecord[]): void {
    this.#assertOpen();
    try {
      this.#stage(records);
    } catch (error) {
      throw new FatalError(
        'SQLITE_WRITE_FAILED',
        `Could not stage rows in the user store: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.#rows += records.length;
  }

  async commit(plan?: CommitPlan, report?: ChangeReport): Promise<SinkCommitResult> {
    this.#assertOpen();
    this.#finished = true;
    let changes: ChangeTable | undefined;
    try {
      if (report) changes = new ChangeTable(this.#db, `${this.#table}_changes`);
      this.#transact(plan, changes);
    } catch (error) {
      changes?.drop();
      throw new FatalError('SQLITE_COMMIT_FAILED', `Could not commit to the user store: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      this.#drop();
    }
    if (changes && report) await changes.send(report);
    return { importedRows: this.#rows };
  }

  /**
   * Runs the commit's own statements in its transaction, copies what they changed out of it
   * ({@link ChangeTable.detach}), rolls them back, and sends the copy to `report`. The write lock is
   * held as long as a commit holds it and released before the first `report.add`; the staged rows
   * stay as they were, for a later `commit` (which compares again with the store as it is then) or
   * `abort`.
   */
  async rehearse(plan: CommitPlan | undefined, report: ChangeReport): Promise<void> {
    this.#assertOpen();
    const kept: { changes?: ChangeTable } = {};
    try {
      const changes = new ChangeTable(this.#db, `${this.#table}_rehearsed`);
      try {
        this.#transact(plan, changes, () => {
          kept.changes = changes.detach();
          throw ROLLED_BACK;
        });
      } catch (error) {
        if (error !== ROLLED_BACK) throw error;
      } finally {
        changes.drop();
      }
    } catch (error) {
      kept.changes?.drop();
      throw new FatalError(
        'SQLITE_REHEARSAL_FAILED',
        `Could not rehearse the commit to the user store: ${(error as Error).message}`,
        { cause: error },
      );
    }
    await kept.changes?.send(report);
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#drop();
  }

  /**
   * The commit's statements, in ONE immediate transaction: the staged users, their values (recorded
   * in `changes` when given), the plan's removals; then `last`, inside it (a rehearsal's, which throws
   * to roll it all back).
   */
  #transact(plan: CommitPlan | undefined, changes: ChangeTable | undefined, last?: () => void): void {
    const large = this.#rows >= LARGE_COMMIT_ROWS;
    try {
      const upsertAttributes = changes ? this.#recordAndApply(changes) : this.#applyChanged();
      const remove = this.#remover(plan?.remove ?? [], changes);
      const upsertUsers = this.#db.prepare(`
        INSERT INTO main.users (identifier_kind, identifier_key, identifier)
        SELECT kind, key, identifier FROM temp.${this.#table} WHERE true ORDER BY rowid
        ON CONFLICT (identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier
        WHERE identifier != excluded.identifier`);
      const now = new Date().toISOString();
      if (large) this.#db.pragma(`cache_size = -${LARGE_COMMIT_CACHE_KIB}`);
      this.#db
        .transaction(() => {
          upsertUsers.run();
          upsertAttributes(now);
          remove();
          last?.();
        })
        .immediate();
    } finally {
      if (large) this.#db.pragma(`cache_size = -${CACHE_KIB}`);
    }
  }

  /**
   * The attribute upsert of a commit without a report: each staged value, the last row of a user
   * winning per field, written (with this connector and the commit's time) only where the store
   * holds another value, or one another connector wrote.
   */
  #applyChanged(): (now: string) => void {
    const upsert = this.#db.prepare(`
      INSERT INTO main.user_attributes (user_id, field, value, connector, updated_at)
      SELECT u.id, j.key, j.value, ?, ?
      FROM temp.${this.#table} AS s
      JOIN main.users AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key, json_each(s.fields) AS j
      WHERE true ORDER BY s.rowid
      ON CONFLICT (user_id, field) DO UPDATE SET
        value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at
      WHERE user_attributes.value IS NOT excluded.value OR user_attributes.connector IS NOT excluded.connector`);
    return (now) => upsert.run(this.#connector, now);
  }

  /**
   * The same upsert for a commit that reports: first the values that change go to `changes` with the
   * values they replace, then only those are written (about as fast as the upsert above: one lookup
   * per staged value either way). A user's field counts from the user's last staged row that has
   * it: an index on the staging table finds a later row, looked up only for a value that differs
   * (SQLite evaluates a CASE lazily; a plain AND would run the lookup for every value).
   */
  #recordAndApply(changes: ChangeTable): (now: string) => void {
    this.#db.exec(`CREATE INDEX IF NOT EXISTS temp.${this.#table}_user ON ${this.#table} (kind, key)`);
    const record = this.#db.prepare(`
      INSERT INTO ${changes.name} (user_id, field, old_value, new_value, kind, identifier)
      SELECT u.id, j.key, a.value, j.value, u.identifier_kind, u.identifier
      FROM temp.${this.#table} AS s
      JOIN main.users AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key
      JOIN json_each(s.fields) AS j
      LEFT JOIN main.user_attributes AS a ON a.user_id = u.id AND a.field = j.key
      WHERE CASE WHEN a.value IS NOT j.value OR a.connector IS NOT ? THEN NOT EXISTS (
        SELECT 1 FROM temp.${this.#table} AS later, json_each(later.fields) AS l
        WHERE later.kind = s.kind AND later.key = s.key AND later.rowid > s.rowid AND l.key = j.key) END`);
    const apply = this.#db.prepare(`
      INSERT INTO main.user_attributes (user_id, field, value, connector, updated_at)
      SELECT user_id, field, new_value, ?, ? FROM ${changes.name} WHERE true
      ON CONFLICT (user_id, field) DO UPDATE SET
        value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at`);
    return (now) => {
      record.run(this.#connector);
      apply.run(this.#connector, now);
    };
  }

  /**
   * Removes the users' values this connector wrote (leavers under `delete`), then the users left with
   * no value at all; run inside the commit's transaction.
   */
  #remover(users: CommitPlan['remove'], changes: ChangeTable | undefined): () => void {
    if (users.length === 0) return () => undefined;
    const record = changes?.removals();
    const values = this.#db.prepare(`DELETE FROM main.user_attributes WHERE connector = ? AND user_id =
      (SELECT id FROM main.users WHERE identifier_kind = ? AND identifier_key = ?)`);
    const orphan = this.#db.prepare(`DELETE FROM main.users WHERE identifier_kind = ? AND identifier_key = ?
      AND NOT EXISTS (SELECT 1 FROM main.user_attributes WHERE user_id = users.id)`);
    return () => {
      for (const { kind, value } of users) {
        const key = value.toLowerCase();
        record?.(this.#connector, kind, key);
        values.run(this.#connector, kind, key);
        orphan.run(kind, key);
      }
    };
  }

  #assertOpen(): void {
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }

  #drop(): void {
    if (this.#db.open) this.#db.exec(`DROP TABLE IF EXISTS temp.${this.#table}`);
  }
}
