import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileNql,
  LOG_FIELDS,
  LOG_TABLE,
  type ConnectorHistory,
  type LogRow,
  type NqlQuery,
  type RunResult,
} from '../../../core/index.js';
import { sqliteBaselineStore } from './baseline-store.js';
import { sqliteChangeLedger } from './sqlite-change-ledger.js';
import type { LogStore } from './log-store-type.js';
import { openMemoryLogStore } from './open-memory-log-store.js';
import { openSqlite, sqliteLoads, type SqliteEngines } from './open-sqlite.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { sqliteSyncStateStore } from './sqlite-sync-state-store.js';
import { sqliteDialect } from './sqlite-dialect.js';

export type { LogStore } from './log-store-type.js';

export const LOG_DB_FILE = 'execution-log.db';
const DAY_MS = 86_400_000;
const BUSY_TIMEOUT_MS = 5_000;

export interface LogStoreOptions {
  /** A directory (the file is `<stateDir>/execution-log.db`) or `:memory:`. */
  readonly stateDir: string;
  /** Entries older than this many days are deleted whenever an entry is written. */
  readonly retentionDays?: number | undefined;
  readonly now?: () => Date;
  /**
   * Told when the file was damaged (not a database, corrupt): it was moved aside to
   * `execution-log.db.damaged-<time>` and a new, empty log started, so that syncs keep running.
   */
  readonly onDamaged?: (message: string) => void;
  /** Where SQLite comes from: better-sqlite3 when it loads, else `node:sqlite` (tests choose). */
  readonly engines?: SqliteEngines;
}

/** SQLite's result codes of a file that is not a database or is corrupt, by better-sqlite3's name and by number (node:sqlite's `errcode`). */
const DAMAGED = new Set<unknown>(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 26, 11]);

/** True when `error` says the file is damaged; node:sqlite gives extended codes, whose low byte is the primary one. */
function isDamaged(error: unknown): boolean {
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return DAMAGED.has(code) || (typeof errcode === 'number' && DAMAGED.has(errcode & 0xff));
}

/** Opens the database file and its schema: WAL, a busy timeout for concurrent writers. */
function openDatabase(file: string, engines: SqliteEngines | undefined): SqliteDatabase {
  const db = openSqlite(file, engines);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    createSchema(db);
    db.prepare(`SELECT COUNT(*) FROM ${LOG_TABLE}`).get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens the store file; a damaged one (and its -wal/-shm) is moved aside and a new one started: a
 * broken log must not stop syncs. `onDamaged` says where the old file went.
 */
function openOrReplace(
  file: string,
  onDamaged: (message: string) => void,
  engines: SqliteEngines | undefined,
): SqliteDatabase {
  try {
    return openDatabase(file, engines);
  } catch (error) {
    if (!isDamaged(error)) throw error;
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    onDamaged(
      `The execution log ${file} was damaged (${(error as Error).message}): moved it to ${aside} and started a new one. Its entries are in the old file if it can be repaired (sqlite3 ${aside} .recover).`,
    );
    return openDatabase(file, engines);
  }
}

/**
 * Opens (creating if needed) the SQLite store: WAL, a busy timeout for concurrent writers. A `:memory:`
 * store on a Node.js without SQLite (20, without better-sqlite3) is kept in memory, with the same answers.
 */
export function openLogStore(options: LogStoreOptions): LogStore {
  const memory = options.stateDir === ':memory:';
  if (memory && !sqliteLoads(options.engines)) return openMemoryLogStore(options);
  if (!memory) mkdirSync(options.stateDir, { recursive: true });
  const db = memory
    ? openDatabase(':memory:', options.engines)
    : openOrReplace(join(options.stateDir, LOG_DB_FILE), options.onDamaged ?? (() => undefined), options.engines);
  // Unicode-aware case folding for NQL's case-insensitive equality (SQLite's lower() is ASCII-only).
  db.function('nql_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  const baselines = sqliteBaselineStore(db);
  const syncState = sqliteSyncStateStore(db);
  const changes = sqliteChangeLedger(db);

  const columns = LOG_FIELDS.map((f) => f.column);
  const insert = db.prepare(
    `INSERT INTO ${LOG_TABLE} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const prune = db.prepare(`DELETE FROM ${LOG_TABLE} WHERE time < ?`);
  const newestPerConnector = db.prepare(
    `SELECT nql_id, name, connector, credentials_id, MAX(time) AS time FROM ${LOG_TABLE} GROUP BY nql_id ORDER BY nql_id`,
  );
  const now = options.now ?? (() => new Date());
  const retentionDays = options.retentionDays;
  const write = db.transaction((result: RunResult) => {
    insert.run(...LOG_FIELDS.map((f) => f.read(result)));
    if (retentionDays !== undefined && retentionDays > 0) {
      prune.run(new Date(now().getTime() - retentionDays * DAY_MS).toISOString());
    }
  });

  return {
    append: async (result) => void write.immediate(result),
    connectors: async () =>
      (newestPerConnector.all() as Array<Record<string, string>>).map((r) => ({
        nqlId: r.nql_id!,
        name: r.name!,
        connector: r.connector!,
        credentialsId: r.credentials_id!,
        lastRun: new Date(r.time!),
      })) satisfies ConnectorHistory[],
    query: async (query: NqlQuery, at: Date) => {
      const compiled = compileNql(query, at, sqliteDialect);
      const statement = db.prepare(compiled.sql);
      if (!statement.readonly) throw new TypeError('The execution log only runs read-only statements');
      return { columns: compiled.columns, rows: statement.all(...compiled.params) as LogRow[] };
    },
    baselines,
    syncState,
    changes,
    close: async () => void db.close(),
  };
}

/** True when a store file exists (reading the history must not create one). */
export function logStoreExists(stateDir: string): boolean {
  return stateDir !== ':memory:' && existsSync(join(stateDir, LOG_DB_FILE));
}

function createSchema(db: SqliteDatabase): void {
  const definition = (f: (typeof LOG_FIELDS)[number]) =>
    `${f.column} ${f.type === 'number' ? 'INTEGER' : 'TEXT'} NOT NULL`;
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${LOG_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, ${LOG_FIELDS.map(definition).join(', ')});
     CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_time ON ${LOG_TABLE} (time);`,
  );
  // Fields added since the file was created (details.host, details.scheduled_for, details.dry_run): their
  // legacy value (details.dry_run: false), else empty, for older entries.
  const existing = new Set(
    (db.prepare(`PRAGMA table_info(${LOG_TABLE})`).all() as Array<{ name: string }>).map((c) => c.name),
  );
  for (const field of LOG_FIELDS) {
    if (!existing.has(field.column))
      db.exec(`ALTER TABLE ${LOG_TABLE} ADD COLUMN ${definition(field)} DEFAULT ${legacyValue(field)}`);
  }
}

/** The SQL literal older entries get for a field added later. */
function legacyValue(field: (typeof LOG_FIELDS)[number]): string {
  const value = field.legacy ?? (field.type === 'number' ? 0 : '');
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}
