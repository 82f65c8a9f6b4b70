import {
  CHANGES_TABLE,
  ledgerStageFinished,
  type ChangeLedger,
  type LedgerChange,
  type LedgerEntry,
  type LedgerStage,
  type RunChanges,
  ledgerPageQueries,
  toLedgerEntry,
  toRunChanges,
  type LedgerRow,
  type SummaryRow,
} from '../../../core/index.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';

const CHUNK = 100;
const COLUMNS = 7;
let stages = 0;

/**
 * The table and its indexes: by run (a run's diff), by user (a timeline, and the flip check: a user
 * has a few entries, so the index holds the user alone: a run that changes 10 % of the users of a
 * large ledger touches nearly every page of that index, and a narrow one has fewer; 20,000 changes
 * over 600,000 entries were recorded in 235 ms instead of 420), and by time (the retention).
 */
function createTable(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHANGES_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
      run_id TEXT NOT NULL, nql_id TEXT NOT NULL, kind TEXT NOT NULL, identifier TEXT NOT NULL, user_key TEXT NOT NULL,
      field TEXT NOT NULL, old_value TEXT, new_value TEXT, action TEXT NOT NULL, flip TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_run ON ${CHANGES_TABLE} (run_id, field);
    CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_user ON ${CHANGES_TABLE} (user_key);
    CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_time ON ${CHANGES_TABLE} (time);
    CREATE TABLE IF NOT EXISTS ${CHANGES_TABLE}_connectors (nql_id TEXT PRIMARY KEY, since TEXT NOT NULL);`);
}

/** Puts the changes into the stage table, 100 to a statement, in one transaction per call. */
function stager(db: SqliteDatabase, table: string): (changes: readonly LedgerChange[]) => void {
  const insert = (n: number) =>
    db.prepare(
      `INSERT INTO temp.${table} (kind, key, identifier, field, old_value, new_value, action) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
  const chunk = insert(CHUNK);
  const one = insert(1);
  const params: Array<string | null> = new Array<string | null>(CHUNK * COLUMNS);
  const set = (into: Array<string | null>, at: number, c: LedgerChange): Array<string | null> => {
    into[at] = c.kind;
    into[at + 1] = c.identifier.toLowerCase();
    into[at + 2] = c.identifier;
    into[at + 3] = c.field;
    into[at + 4] = c.oldValue;
    into[at + 5] = c.newValue;
    into[at + 6] = c.action;
    return into;
  };
  const single = new Array<string | null>(COLUMNS);
  return db.transaction((changes: readonly LedgerChange[]) => {
    let i = 0;
    for (; i + CHUNK <= changes.length; i += CHUNK) {
      for (let k = 0; k < CHUNK; k++) set(params, k * COLUMNS, changes[i + k]!);
      chunk.run(...params);
    }
    for (; i < changes.length; i++) one.run(...set(single, 0, changes[i]!));
  });
}

function openStage(db: SqliteDatabase, runId: string, nqlId: string): LedgerStage {
  const table = `ledger_stage_${process.pid}_${++stages}`;
  db.exec(`CREATE TEMP TABLE ${table} (kind TEXT NOT NULL, key TEXT NOT NULL, identifier TEXT NOT NULL,
    field TEXT NOT NULL, old_value TEXT, new_value TEXT, action TEXT NOT NULL)`);
  let finished = false;
  const finish = (): void => {
    finished = true;
    if (db.open) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
  };
  const assertOpen = (): void => {
    if (finished) throw ledgerStageFinished();
  };
  const stage = stager(db, table);
  // A change flips when the previous change of the same user's field by the same connector went the
  // other way (A → B, then B → A). Only a value changed or cleared flips: one added or left (a user arriving or leaving) has no lookup.
  const record = db.prepare(`INSERT INTO ${CHANGES_TABLE}
      (time, run_id, nql_id, kind, identifier, user_key, field, old_value, new_value, action, flip)
    SELECT @time, @run_id, @nql_id, s.kind, s.identifier, s.key, s.field, s.old_value, s.new_value, s.action,
      CASE WHEN s.action IN ('changed', 'cleared') AND COALESCE((SELECT p.old_value IS s.new_value AND p.new_value IS s.old_value
        FROM ${CHANGES_TABLE} AS p WHERE p.user_key = s.key AND p.nql_id = @nql_id AND p.kind = s.kind AND p.field = s.field
        ORDER BY p.id DESC LIMIT 1), 0) THEN 'true' ELSE 'false' END
    FROM temp.${table} AS s WHERE true ORDER BY s.key, s.field`);
  const summary = summaryStatement(db);
  const remember = db.prepare(`INSERT OR IGNORE INTO ${CHANGES_TABLE}_connectors (nql_id, since) VALUES (?, ?)`);
  const commit = db.transaction((time: Date) => {
    record.run({ time: time.toISOString(), run_id: runId, nql_id: nqlId });
    remember.run(nqlId, time.toISOString());
    return summary.all(runId) as SummaryRow[];
  });
  return {
    add: (changes) => {
      assertOpen();
      stage(changes);
    },
    async commit(time): Promise<RunChanges> {
      assertOpen();
      try {
        return toRunChanges(runId, nqlId, commit.immediate(time));
      } finally {
        finish();
      }
    },
    abort: async () => finish(),
  };
}

function summaryStatement(db: SqliteDatabase): SqliteStatement {
  return db.prepare(`SELECT nql_id, field, SUM(action = 'added') AS added, SUM(action = 'changed') AS changed,
    SUM(action = 'cleared') AS cleared, SUM(action = 'left') AS "left", SUM(flip = 'true') AS flips
    FROM ${CHANGES_TABLE} WHERE run_id = ? GROUP BY nql_id, field ORDER BY field`);
}

/**
 * The change ledger in the execution log's SQLite database (table `user_attribute_changes`, queried
 * with NQL as `platform.user_attribute_changes`); a run's changes are staged in a TEMP table of the
 * same connection until its commit.
 */
export function sqliteChangeLedger(db: SqliteDatabase): ChangeLedger {
  createTable(db);
  const summary = summaryStatement(db);
  const prune = db.prepare(`DELETE FROM ${CHANGES_TABLE} WHERE time < ?`);
  const known = db.prepare(`SELECT 1 FROM ${CHANGES_TABLE}_connectors WHERE nql_id = ?`);
  return {
    stage: async ({ runId, nqlId }) => openStage(db, runId, nqlId),
    knows: async (nqlId) => known.get(nqlId) !== undefined,
    async entries(filter) {
      const { count, page, offset, limit } = ledgerPageQueries(CHANGES_TABLE, filter);
      const { n } = db.prepare(count.sql).get(...count.params) as { n: number };
      const rows = db.prepare(page.sql).all(...page.params) as LedgerRow[];
      return { entries: rows.map(toLedgerEntry) satisfies LedgerEntry[], total: n, offset, limit };
    },
    async summary(runId) {
      const rows = summary.all(runId) as SummaryRow[];
      return rows.length ? toRunChanges(runId, rows[0]!.nql_id, rows) : undefined;
    },
    prune: async (before) => prune.run(before.toISOString()).changes,
  };
}
