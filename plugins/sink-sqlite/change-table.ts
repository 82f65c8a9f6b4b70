import Database from 'better-sqlite3';
import type { ChangeReport, IdentifierKind, StoredChange } from 'tributary-kit';
import { FatalError } from 'tributary-kit';
import type { UserStoreDatabase } from './user-store.js';

/** Changes read from the table per `report.add` call. */
const REPORT_CHUNK = 1000;

/** The rows to report: a value whose text changed. */
const TEXT_CHANGED = 'CAST(old_value AS TEXT) IS NOT CAST(new_value AS TEXT)';

/** What failed when the changes could not be read out, and what that means for the store. */
interface Unread {
  readonly code: string;
  readonly sentence: string;
}

const COMMITTED: Unread = {
  code: 'SQLITE_CHANGES_UNREAD',
  sentence: 'Committed to the user store, but could not read back what the commit changed',
};

const REHEARSED: Unread = {
  code: 'SQLITE_REHEARSAL_FAILED',
  sentence: 'Could not read back what a rehearsed commit to the user store would change (nothing was changed)',
};

/** A row of the read-out, raw: an array costs about half of what an object per row does. */
type ChangeRow = [
  userId: number,
  field: string,
  kind: IdentifierKind,
  identifier: string,
  old: string | null,
  new: string | null,
];

/**
 * What a commit changed, in a connection-private TEMP table: one row per user and field it writes or
 * removes, with the user's identifier, the value before (`old_value`, NULL for a field the user did
 * not have) and after (`new_value`, NULL once removed). The commit's transaction fills it; `send`
 * reads it out to a {@link ChangeReport} once the transaction committed (`report.add` may be
 * asynchronous: it cannot run inside better-sqlite3's synchronous transaction), then drops it. Values
 * are compared as text: a row whose value is the same text before and after (a value another
 * connector wrote, 5 stored where `'5'` was) is not reported. A rehearsal fills it in a transaction
 * it rolls back, which empties it too: {@link ChangeTable.detach} first copies it out.
 */
export class ChangeTable {
  /** The table's qualified name, for the commit's statements that fill it. */
  readonly name: string;
  readonly #db: UserStoreDatabase;
  /** A rehearsal's copy ({@link ChangeTable.detach}): it has the connection to itself, closed with it. */
  readonly #detached: boolean;

  constructor(db: UserStoreDatabase, name: string, detached = false) {
    this.#db = db;
    this.#detached = detached;
    this.name = `temp.${name}`;
    db.exec(`CREATE TEMP TABLE ${name} (
      user_id    INTEGER NOT NULL,
      field      TEXT NOT NULL,
      old_value,
      new_value,
      kind       TEXT NOT NULL, -- the user as the store keeps it (a removed one may be gone after the commit)
      identifier TEXT NOT NULL,
      PRIMARY KEY (user_id, field)
    ) WITHOUT ROWID`);
  }

  /**
   * A statement, run inside the commit before a user's values are removed, that records each value
   * `connector` holds for the user (by kind and lower-cased identifier) as removed; the value before
   * the commit stays the one recorded, when the commit also wrote it.
   */
  removals(): (connector: string, kind: string, key: string) => void {
    const record = this.#db.prepare(`
      INSERT INTO ${this.name} (user_id, field, old_value, new_value, kind, identifier)
      SELECT a.user_id, a.field, a.value, NULL, u.identifier_kind, u.identifier
      FROM main.users AS u JOIN main.user_attributes AS a ON a.user_id = u.id
      WHERE u.identifier_kind = ? AND u.identifier_key = ? AND a.connector = ?
      ON CONFLICT (user_id, field) DO UPDATE SET new_value = NULL, kind = excluded.kind, identifier = excluded.identifier`);
    return (connector, kind, key) => record.run(kind, key, connector);
  }

  /**
   * Copies the recorded values whose text changed (as text) into a table of their own, on a new
   * connection to a private temporary database that SQLite deletes when the copy is dropped: run
   * inside a rehearsal's transaction, the copy outlives its rollback. Row by row, on disk: memory
   * stays bounded however many values change.
   */
  detach(): ChangeTable {
    const scratch = new Database('');
    try {
      const copy = new ChangeTable(scratch, 'rehearsed', true);
      const insert = scratch.prepare(`INSERT INTO ${copy.name} VALUES (?, ?, ?, ?, ?, ?)`);
      const rows = this.#db
        .prepare(
          `SELECT user_id, field, CAST(old_value AS TEXT), CAST(new_value AS TEXT), kind, identifier
          FROM ${this.name} WHERE ${TEXT_CHANGED}`,
        )
        .raw(true);
      scratch.transaction(() => {
        for (const row of rows.iterate()) insert.run(row);
      })();
      return copy;
    } catch (error) {
      scratch.close();
      throw error;
    }
  }

  /**
   * Sends every recorded value whose text changed to `report`, REPORT_CHUNK at a time (each call
   * awaited before the next; no statement stays open meanwhile, so other runs may use the connection),
   * then drops the table, also when `report` throws: its error propagates as it is.
   */
  async send(report: ChangeReport): Promise<void> {
    const next = `
      SELECT user_id, field, kind, identifier, CAST(old_value AS TEXT), CAST(new_value AS TEXT)
      FROM ${this.name}
      WHERE (user_id, field) > (?, ?) AND ${TEXT_CHANGED}
      ORDER BY user_id, field LIMIT ${REPORT_CHUNK}`;
    const store = <T>(step: () => T): T => read(this.#detached ? REHEARSED : COMMITTED, step);
    try {
      const chunk = store(() => this.#db.prepare<[number, string], ChangeRow>(next).raw(true));
      let after: [number, string] = [Number.MIN_SAFE_INTEGER, ''];
      for (;;) {
        const rows = store(() => chunk.all(...after));
        if (rows.length > 0) await report.add(rows.map(storedChange));
        if (rows.length < REPORT_CHUNK) return;
        const last = rows[rows.length - 1]!;
        after = [last[0], last[1]];
      }
    } finally {
      this.drop();
    }
  }

  drop(): void {
    if (!this.#db.open) return;
    if (this.#detached) this.#db.close();
    else this.#db.exec(`DROP TABLE IF EXISTS ${this.name}`);
  }
}

/** Runs a step reading the changes; an SQLite failure says what it means for the store (`unread`). */
function read<T>(unread: Unread, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new FatalError(unread.code, `${unread.sentence}: ${(error as Error).message}`, { cause: error });
  }
}

function storedChange([, field, kind, value, oldValue, newValue]: ChangeRow): StoredChange {
  return { identifier: { kind, value }, field, oldValue, newValue };
}
