import type {
  AuditRow,
  ConnectorPause,
  ControlStore,
  HeldRow,
  HeldRun,
  HoldDecision,
  LiveRow,
  RunLogLine,
} from '../../../core/index.js';
import { toAuditEntry, toHeldRun, toLiveRun, toLiveTextRow } from '../../../core/index.js';
import { openSqlite, type SqliteEngines } from './open-sqlite.js';
import type { SqliteDatabase } from './sqlite-database.js';

const HELD = 'held_runs';
const PAUSES = 'connector_pauses';
const LIFTS = 'quarantine_lifts';
const AUDIT = 'audit_trail';
const LIVE = 'live_runs';
const LINES = 'run_log_lines';
const BUSY_TIMEOUT_MS = 5_000;

/** Times are ISO 8601 text (milliseconds, UTC): they sort and compare as text. */
function createTables(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${HELD} (run_id TEXT PRIMARY KEY, nql_id TEXT NOT NULL, host TEXT NOT NULL,
      held_at TEXT NOT NULL, deadline TEXT NOT NULL, reasons TEXT NOT NULL, counts TEXT NOT NULL,
      verdict TEXT, decided_by TEXT, decided_address TEXT, decided_at TEXT);
    CREATE TABLE IF NOT EXISTS ${PAUSES} (nql_id TEXT PRIMARY KEY, paused_by TEXT NOT NULL, paused_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ${LIFTS} (nql_id TEXT PRIMARY KEY, lifted_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ${AUDIT} (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
      actor TEXT NOT NULL, actor_address TEXT, action TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ${AUDIT}_time ON ${AUDIT} (time, id);
    CREATE TABLE IF NOT EXISTS ${LIVE} (run_id TEXT PRIMARY KEY, nql_id TEXT NOT NULL, host TEXT NOT NULL,
      started_at TEXT NOT NULL, updated_at TEXT NOT NULL, phase TEXT NOT NULL, received_rows INTEGER NOT NULL,
      processed_rows INTEGER NOT NULL, expected_rows INTEGER, cancel_by TEXT, cancel_at TEXT);
    CREATE TABLE IF NOT EXISTS ${LINES} (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL,
      time TEXT NOT NULL, level TEXT NOT NULL, message TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ${LINES}_run ON ${LINES} (run_id, id);
    CREATE INDEX IF NOT EXISTS ${LINES}_time ON ${LINES} (time);`);
}

/** Held runs and their decisions: the first decision wins, in one statement whoever else decides. */
function holds(db: SqliteDatabase): Pick<ControlStore, 'hold' | 'decide' | 'heldRun' | 'heldRuns' | 'releaseHold'> {
  const hold = db.prepare(`INSERT OR REPLACE INTO ${HELD} (run_id, nql_id, host, held_at, deadline, reasons, counts)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const decide = db.prepare(`UPDATE ${HELD} SET verdict = ?, decided_by = ?, decided_address = ?, decided_at = ?
    WHERE run_id = ? AND verdict IS NULL`);
  const one = db.prepare(`SELECT * FROM ${HELD} WHERE run_id = ?`);
  const waiting = db.prepare(`SELECT * FROM ${HELD} WHERE verdict IS NULL ORDER BY held_at, run_id`);
  const release = db.prepare(`DELETE FROM ${HELD} WHERE run_id = ?`);
  const read = (runId: string): HeldRun | undefined => {
    const row = one.get(runId) as HeldRow | undefined;
    return row && toHeldRun(row);
  };
  // IMMEDIATE: the write lock first, so that the run read back is the one this call decided or found decided.
  const decideOnce = db.transaction((runId: string, d: HoldDecision) => {
    const { changes } = decide.run(d.verdict, d.by, d.address ?? null, d.at.toISOString(), runId);
    const run = read(runId);
    if (!run) return { outcome: 'unknown' as const };
    return { outcome: changes > 0 ? ('decided' as const) : ('already' as const), run };
  });
  return {
    hold: async (r) =>
      void hold.run(
        r.runId,
        r.nqlId,
        r.host,
        r.heldAt.toISOString(),
        r.deadline.toISOString(),
        JSON.stringify(r.reasons),
        JSON.stringify(r.counts),
      ),
    decide: async (runId, decision) => decideOnce.immediate(runId, decision),
    heldRun: async (runId) => read(runId),
    heldRuns: async () => (waiting.all() as HeldRow[]).map(toHeldRun),
    releaseHold: async (runId) => void release.run(runId),
  };
}

function schedules(
  db: SqliteDatabase,
): Pick<ControlStore, 'pause' | 'unpause' | 'pauses' | 'liftQuarantine' | 'quarantineLiftedAt'> {
  const pause = db.prepare(`INSERT INTO ${PAUSES} (nql_id, paused_by, paused_at) VALUES (?, ?, ?)
    ON CONFLICT (nql_id) DO NOTHING`);
  const unpause = db.prepare(`DELETE FROM ${PAUSES} WHERE nql_id = ?`);
  const pauses = db.prepare(`SELECT nql_id, paused_by, paused_at FROM ${PAUSES} ORDER BY nql_id`);
  const lift = db.prepare(`INSERT INTO ${LIFTS} (nql_id, lifted_at) VALUES (?, ?)
    ON CONFLICT (nql_id) DO UPDATE SET lifted_at = MAX(lifted_at, excluded.lifted_at)`);
  const lifted = db.prepare(`SELECT lifted_at FROM ${LIFTS} WHERE nql_id = ?`);
  return {
    pause: async (p: ConnectorPause) => void pause.run(p.nqlId, p.by, p.at.toISOString()),
    unpause: async (nqlId) => unpause.run(nqlId).changes > 0,
    pauses: async () =>
      (pauses.all() as { nql_id: string; paused_by: string; paused_at: string }[]).map((r) => ({
        nqlId: r.nql_id,
        by: r.paused_by,
        at: new Date(r.paused_at),
      })),
    liftQuarantine: async (nqlId, time) => void lift.run(nqlId, time.toISOString()),
    quarantineLiftedAt: async (nqlId) => {
      const row = lifted.get(nqlId) as { lifted_at: string } | undefined;
      return row && new Date(row.lifted_at);
    },
  };
}

function audit(db: SqliteDatabase): Pick<ControlStore, 'recordAudit' | 'audit'> {
  const insert = db.prepare(`INSERT INTO ${AUDIT} (time, actor, actor_address, action, target, outcome)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const count = db.prepare(`SELECT COUNT(*) AS n FROM ${AUDIT}`);
  const page = db.prepare(`SELECT * FROM ${AUDIT} ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`);
  const read = db.transaction((offset: number, limit: number) => ({
    entries: (page.all(limit, offset) as AuditRow[]).map(toAuditEntry),
    total: (count.get() as { n: number }).n,
  }));
  return {
    recordAudit: async (e) =>
      void insert.run(e.time.toISOString(), e.actor.name, e.actor.address ?? null, e.action, e.target, e.outcome),
    audit: async ({ offset, limit }) => read(offset, limit),
  };
}

function liveRuns(db: SqliteDatabase): Pick<ControlStore, 'reportLive' | 'liveRuns' | 'endLive' | 'requestCancel'> {
  const report = db.prepare(`INSERT INTO ${LIVE} (run_id, nql_id, host, started_at, updated_at, phase,
      received_rows, processed_rows, expected_rows)
    VALUES (@run_id, @nql_id, @host, @started_at, @updated_at, @phase, @received_rows, @processed_rows, @expected_rows)
    ON CONFLICT (run_id) DO UPDATE SET nql_id = excluded.nql_id, host = excluded.host, started_at = excluded.started_at,
      updated_at = excluded.updated_at, phase = excluded.phase, received_rows = excluded.received_rows,
      processed_rows = excluded.processed_rows, expected_rows = excluded.expected_rows`);
  const all = db.prepare(`SELECT * FROM ${LIVE} ORDER BY started_at, run_id`);
  const end = db.prepare(`DELETE FROM ${LIVE} WHERE run_id = ?`);
  // A second request keeps the first one's actor and time.
  const cancel = db.prepare(`UPDATE ${LIVE} SET cancel_by = COALESCE(cancel_by, ?), cancel_at = COALESCE(cancel_at, ?)
    WHERE run_id = ?`);
  return {
    reportLive: async (r) => void report.run(toLiveTextRow(r)),
    liveRuns: async () => (all.all() as LiveRow[]).map(toLiveRun),
    endLive: async (runId) => void end.run(runId),
    requestCancel: async (runId, by, time) => cancel.run(by, time.toISOString(), runId).changes > 0,
  };
}

function runLogs(db: SqliteDatabase): Pick<ControlStore, 'appendRunLog' | 'runLog' | 'pruneBefore'> {
  const insert = db.prepare(`INSERT INTO ${LINES} (run_id, time, level, message) VALUES (?, ?, ?, ?)`);
  const append = db.transaction((runId: string, lines: readonly RunLogLine[]) => {
    for (const l of lines) insert.run(runId, l.time.toISOString(), l.level, l.message);
  });
  const read = db.prepare(`SELECT time, level, message FROM ${LINES} WHERE run_id = ? ORDER BY id LIMIT ?`);
  const prune = [
    db.prepare(`DELETE FROM ${AUDIT} WHERE time < ?`),
    db.prepare(`DELETE FROM ${LINES} WHERE time < ?`),
    db.prepare(`DELETE FROM ${LIVE} WHERE updated_at < ?`),
  ];
  const pruneAll = db.transaction((before: string) => {
    for (const statement of prune) statement.run(before);
  });
  return {
    appendRunLog: async (runId, lines) => {
      if (lines.length) append.immediate(runId, lines);
    },
    runLog: async (runId, limit) =>
      (read.all(runId, limit) as { time: string; level: RunLogLine['level']; message: string }[]).map((r) => ({
        time: new Date(r.time),
        level: r.level,
        message: r.message,
      })),
    pruneBefore: async (time) => pruneAll.immediate(time.toISOString()),
  };
}

/**
 * The control store in the execution log's SQLite database (tables `held_runs`, `connector_pauses`,
 * `quarantine_lifts`, `audit_trail`, `live_runs` and `run_log_lines`). Every process of the machine
 * that opens the file shares it: a decision is one `UPDATE … WHERE verdict IS NULL`, so the first wins.
 */
export function sqliteControlStore(db: SqliteDatabase): ControlStore {
  createTables(db);
  return { ...holds(db), ...schedules(db), ...audit(db), ...liveRuns(db), ...runLogs(db) };
}

/** A control store with its own connection to the database file (or `:memory:`), and its closing. */
export interface SqliteControlStore {
  readonly store: ControlStore;
  close(): void;
}

/**
 * Opens a connection to `file` (the execution log's, which its log store created in WAL mode) for the
 * control store; it waits for another writer as the log store does. `engines` says where SQLite comes
 * from (better-sqlite3, else `node:sqlite`).
 */
export function openSqliteControlStore(file: string, engines?: SqliteEngines): SqliteControlStore {
  const db = openSqlite(file, engines);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return { store: sqliteControlStore(db), close: () => void db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
