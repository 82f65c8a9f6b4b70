import type { ChangeReport, IdentifierKind, StoredChange } from '../../core/index.js';
import { FatalError } from '../../core/index.js';
import type { UserStoreDatabase } from './user-store.js';

/** Changes read from the table per `report.add` call. */
const REPORT_CHUNK = 1000;

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
 * connector wrote, 5 stored where `'5'` was) is not reported.
 */
export class ChangeTable {
  /** The table's qualified name, for the commit's statements that fill it. */
  readonly name: string;
  readonly #db: UserStoreDatabase;

  constructor(db: UserStoreDatabase, name: string) {
    this.#db = db;
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
   * Sends every recorded value whose text changed to `report`, REPORT_CHUNK at a time (each call
   * awaited before the next; no statement stays open meanwhile, so other runs may use the connection),
   * then drops the table, also when `report` throws: its error propagates as it is.
   */
  async send(report: ChangeReport): Promise<void> {
    const next = `
      SELECT c.user_id, c.field, c.kind, c.identifier, CAST(c.old_value AS TEXT) AS old_value, CAST(c.new_value AS TEXT) AS new_value
      FROM ${this.name} AS c
      WHERE (c.user_id, c.field) > (?, ?) AND CAST(c.old_value AS TEXT) IS NOT CAST(c.new_value AS TEXT)
      ORDER BY c.user_id, c.field LIMIT ${REPORT_CHUNK}`;
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
    if (this.#db.open) this.#db.exec(`DROP TABLE IF EXISTS ${this.name}`);
  }
}

/** Runs a step reading the changes; an SQLite failure says that the commit itself went through. */
function store<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw new FatalError(
      'SQLITE_CHANGES_UNREAD',
      `Committed to the user store, but could not read back what the commit changed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function storedChange([, field, kind, value, oldValue, newValue]: ChangeRow): StoredChange {
  return { identifier: { kind, value }, field, oldValue, newValue };
}
