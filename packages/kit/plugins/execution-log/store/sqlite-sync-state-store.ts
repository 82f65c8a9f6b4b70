import {
  memberStageFinished,
  type AbsentMember,
  type MemberStage,
  type SinkIdentifier,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../../../core/index.js';
import type { SqliteDatabase } from './sqlite-database.js';

const STATE = 'sync_state';
const MEMBERS = 'sync_members';
const CHUNK = 100;
let stages = 0;

interface StateRow {
  nql_id: string;
  cursor: string | null;
  last_full_at: string | null;
  unmatched: number;
  present: number;
  absent: number;
}

function createTables(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${STATE} (nql_id TEXT PRIMARY KEY, cursor TEXT, last_full_at TEXT,
      unmatched INTEGER NOT NULL, present INTEGER NOT NULL, absent INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS ${MEMBERS} (nql_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
      identifier TEXT NOT NULL, missed INTEGER NOT NULL, PRIMARY KEY (nql_id, kind, key)) WITHOUT ROWID;`);
}

function toState(row: StateRow): SyncState {
  return {
    nqlId: row.nql_id,
    cursor: row.cursor ?? undefined,
    lastFullAt: row.last_full_at === null ? undefined : new Date(row.last_full_at),
    unmatched: row.unmatched,
    present: row.present,
    absent: row.absent,
  };
}

/** Puts the users into the stage table, 100 to a statement. */
function stager(db: SqliteDatabase, table: string): (ids: readonly SinkIdentifier[]) => void {
  const insert = (n: number) =>
    db.prepare(`INSERT INTO temp.${table} (kind, key, identifier) VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}`);
  const chunk = insert(CHUNK);
  const one = insert(1);
  const params: string[] = new Array<string>(CHUNK * 3);
  const set = (at: number, id: SinkIdentifier): void => {
    params[at] = id.kind;
    params[at + 1] = id.value.toLowerCase();
    params[at + 2] = id.value;
  };
  return db.transaction((ids: readonly SinkIdentifier[]) => {
    let i = 0;
    for (; i + CHUNK <= ids.length; i += CHUNK) {
      for (let k = 0; k < CHUNK; k++) set(k * 3, ids[i + k]!);
      chunk.run(...params);
    }
    for (; i < ids.length; i++) one.run(ids[i]!.kind, ids[i]!.value.toLowerCase(), ids[i]!.value);
  });
}

/** The one transaction of a stage's commit: members, removals, then the state row with its counts. */
function committer(db: SqliteDatabase, table: string, nqlId: string): (outcome: SyncOutcome) => StateRow {
  const upsert = db.prepare(`INSERT INTO ${MEMBERS} (nql_id, kind, key, identifier, missed)
    SELECT ?, kind, key, identifier, 0 FROM temp.${table} WHERE true ORDER BY kind, key, rowid
    ON CONFLICT (nql_id, kind, key) DO UPDATE SET identifier = excluded.identifier, missed = 0
    WHERE ${MEMBERS}.missed != 0 OR ${MEMBERS}.identifier != excluded.identifier`);
  const miss = db.prepare(`UPDATE ${MEMBERS} SET missed = missed + 1 WHERE nql_id = ? AND NOT EXISTS
    (SELECT 1 FROM temp.${table} AS s WHERE s.kind = ${MEMBERS}.kind AND s.key = ${MEMBERS}.key)`);
  const remove = db.prepare(`DELETE FROM ${MEMBERS} WHERE nql_id = ? AND kind = ? AND key = ?`);
  const counts = db.prepare(
    `SELECT COALESCE(SUM(missed = 0), 0) AS present, COALESCE(SUM(missed > 0), 0) AS absent FROM ${MEMBERS} WHERE nql_id = ?`,
  );
  const state = db.prepare(`INSERT INTO ${STATE} (nql_id, cursor, last_full_at, unmatched, present, absent)
    VALUES (@nql_id, @cursor, @last_full_at, @unmatched, @present, @absent)
    ON CONFLICT (nql_id) DO UPDATE SET cursor = COALESCE(excluded.cursor, ${STATE}.cursor),
      last_full_at = COALESCE(excluded.last_full_at, ${STATE}.last_full_at),
      unmatched = CASE WHEN excluded.last_full_at IS NULL THEN ${STATE}.unmatched ELSE excluded.unmatched END,
      present = excluded.present, absent = excluded.absent RETURNING *`);
  const apply = db.transaction((outcome: SyncOutcome) => {
    upsert.run(nqlId);
    if (outcome.full) miss.run(nqlId);
    for (const id of outcome.removed) remove.run(nqlId, id.kind, id.value.toLowerCase());
    const { present, absent } = counts.get(nqlId) as { present: number; absent: number };
    return state.get({
      nql_id: nqlId,
      cursor: outcome.cursor ?? null,
      last_full_at: outcome.full ? outcome.time.toISOString() : null,
      unmatched: outcome.unmatched,
      present,
      absent,
    }) as StateRow;
  });
  return apply;
}

function openStage(db: SqliteDatabase, nqlId: string): MemberStage {
  const table = `sync_stage_${process.pid}_${++stages}`;
  db.exec(`CREATE TEMP TABLE ${table} (kind TEXT NOT NULL, key TEXT NOT NULL, identifier TEXT NOT NULL)`);
  let finished = false;
  /** Ends the stage: its table is dropped, and any later call but `abort` refused. */
  const finish = (): void => {
    finished = true;
    if (db.open) db.exec(`DROP TABLE IF EXISTS temp.${table}`);
  };
  const assertOpen = (): void => {
    if (finished) throw memberStageFinished();
  };
  const stage = stager(db, table);
  // Indexed once every user is staged (a sort), not row by row while the run reads; the index covers the
  // commit's upsert, which then reads no row of the table (3,000,000 members: 2 s instead of 19 s).
  let indexed = false;
  const index = (): void => {
    if (!indexed) db.exec(`CREATE INDEX IF NOT EXISTS temp.${table}_key ON ${table} (kind, key, identifier)`);
    indexed = true;
  };
  const distinctNew = db.prepare(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT kind, key FROM temp.${table}) AS s
    WHERE NOT EXISTS (SELECT 1 FROM ${MEMBERS} AS m WHERE m.nql_id = ? AND m.kind = s.kind AND m.key = s.key AND m.missed = 0)`);
  const absent = db.prepare(`SELECT kind, identifier, missed FROM ${MEMBERS} AS m WHERE nql_id = ? AND NOT EXISTS
    (SELECT 1 FROM temp.${table} AS s WHERE s.kind = m.kind AND s.key = m.key) ORDER BY kind, key`);
  const commit = committer(db, table, nqlId);
  return {
    add: (ids) => {
      assertOpen();
      stage(ids);
    },
    added: async () => {
      assertOpen();
      index();
      return (distinctNew.get(nqlId) as { n: number }).n;
    },
    absent: async (): Promise<AbsentMember[]> => {
      assertOpen();
      index();
      return (absent.all(nqlId) as { kind: SinkIdentifier['kind']; identifier: string; missed: number }[]).map((r) => ({
        identifier: { kind: r.kind, value: r.identifier },
        missedFullReads: r.missed + 1,
      }));
    },
    async commit(outcome) {
      assertOpen();
      try {
        index();
        return toState(commit(outcome));
      } finally {
        finish();
      }
    },
    abort: async () => finish(),
  };
}

/**
 * Each connector's cursor and members in the execution log's SQLite database (tables `sync_state`
 * and `sync_members`); a run's users are staged in a TEMP table of the same connection until its commit.
 */
export function sqliteSyncStateStore(db: SqliteDatabase): SyncStateStore {
  createTables(db);
  const select = db.prepare(`SELECT * FROM ${STATE} WHERE nql_id = ?`);
  return {
    read: async (nqlId) => {
      const row = select.get(nqlId) as StateRow | undefined;
      return row ? toState(row) : undefined;
    },
    stage: async (nqlId) => openStage(db, nqlId),
  };
}
