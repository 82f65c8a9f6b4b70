import type { CommitPlan, SinkCommitResult, SinkRecord, SinkRun } from '../../core/index.js';
import { FatalError } from '../../core/index.js';
import { CACHE_KIB, LARGE_COMMIT_CACHE_KIB, LARGE_COMMIT_ROWS, type UserStoreDatabase } from './user-store.js';

let stagingCounter = 0;

/**
 * Rows per multi-row INSERT while staging: one statement execution per 100 rows instead of one per
 * row (the per-execution cost dominated staging in the benchmark's profile).
 */
const STAGE_CHUNK = 100;

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
 * rows are upserted like any other. `abort`, or a crash, drops the staging table and leaves the store untouched.
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

  async commit(plan?: CommitPlan): Promise<SinkCommitResult> {
    this.#assertOpen();
    this.#finished = true;
    try {
      const remove = this.#remover(plan?.remove ?? []);
      const upsertUsers = this.#db.prepare(`
        INSERT INTO main.users (identifier_kind, identifier_key, identifier)
        SELECT kind, key, identifier FROM temp.${this.#table} WHERE true ORDER BY rowid
        ON CONFLICT (identifier_kind, identifier_key) DO UPDATE SET identifier = excluded.identifier
        WHERE identifier != excluded.identifier`);
      const upsertAttributes = this.#db.prepare(`
        INSERT INTO main.user_attributes (user_id, field, value, connector, updated_at)
        SELECT u.id, j.key, j.value, ?, ?
        FROM temp.${this.#table} AS s
        JOIN main.users AS u ON u.identifier_kind = s.kind AND u.identifier_key = s.key, json_each(s.fields) AS j
        WHERE true ORDER BY s.rowid
        ON CONFLICT (user_id, field) DO UPDATE SET
          value = excluded.value, connector = excluded.connector, updated_at = excluded.updated_at`);
      const now = new Date().toISOString();
      if (this.#rows >= LARGE_COMMIT_ROWS) this.#db.pragma(`cache_size = -${LARGE_COMMIT_CACHE_KIB}`);
      this.#db
        .transaction(() => {
          upsertUsers.run();
          upsertAttributes.run(this.#connector, now);
          remove();
        })
        .immediate();
    } catch (error) {
      throw new FatalError('SQLITE_COMMIT_FAILED', `Could not commit to the user store: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      if (this.#rows >= LARGE_COMMIT_ROWS) this.#db.pragma(`cache_size = -${CACHE_KIB}`);
      this.#drop();
    }
    return { importedRows: this.#rows };
  }

  async abort(_reason: string): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    this.#drop();
  }

  /**
   * Removes the users' values this connector wrote (leavers under `delete`), then the users left with
   * no value at all; run inside the commit's transaction.
   */
  #remover(users: CommitPlan['remove']): () => void {
    if (users.length === 0) return () => undefined;
    const values = this.#db.prepare(`DELETE FROM main.user_attributes WHERE connector = ? AND user_id =
      (SELECT id FROM main.users WHERE identifier_kind = ? AND identifier_key = ?)`);
    const orphan = this.#db.prepare(`DELETE FROM main.users WHERE identifier_kind = ? AND identifier_key = ?
      AND NOT EXISTS (SELECT 1 FROM main.user_attributes WHERE user_id = users.id)`);
    return () => {
      for (const { kind, value } of users) {
        values.run(this.#connector, kind, value.toLowerCase());
        orphan.run(kind, value.toLowerCase());
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
