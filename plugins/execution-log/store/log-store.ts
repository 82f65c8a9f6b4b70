import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorHistory, RunResult } from '../../../core/index.js';
import { sqliteBaselineStore, type BaselineStore } from './baseline-store.js';
import { LOG_FIELDS, LOG_TABLE } from './log-fields.js';

export const LOG_DB_FILE = 'execution-log.db';
const DAY_MS = 86_400_000;
const BUSY_TIMEOUT_MS = 5_000;

export type SqlValue = string | number;
export type LogRow = Record<string, string | number | null>;

export interface LogStoreOptions {
  /** A directory (the file is `<stateDir>/execution-log.db`) or `:memory:`. */
  readonly stateDir: string;
  /** Entries older than this many days are deleted whenever an entry is written. */
  readonly retentionDays?: number | undefined;
  readonly now?: () => Date;
}

/** The embedded execution-log store: one row per execution, queried with compiled NQL. */
export interface LogStore {
  append(result: RunResult): void;
  /** Every NQL ID that ran, with its newest entry (the host's renamed-NQL-ID warning). */
  connectors(): ConnectorHistory[];
  /** Runs a read-only, parameterised statement (compiled NQL). */
  select(sql: string, params: readonly SqlValue[]): LogRow[];
  /** Each connector's last committed run, for the shrink guard. */
  readonly baselines: BaselineStore;
  close(): void;
}

/** Opens (creating if needed) the SQLite store: WAL, a busy timeout for concurrent writers. */
export function openLogStore(options: LogStoreOptions): LogStore {
  const memory = options.stateDir === ':memory:';
  if (!memory) mkdirSync(options.stateDir, { recursive: true });
  const db = new Database(memory ? ':memory:' : join(options.stateDir, LOG_DB_FILE));
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Unicode-aware case folding for NQL's case-insensitive equality (SQLite's lower() is ASCII-only).
  db.function('nql_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  createSchema(db);
  const baselines = sqliteBaselineStore(db);

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
    insert.run(LOG_FIELDS.map((f) => f.read(result)));
    if (retentionDays !== undefined && retentionDays > 0) {
      prune.run(new Date(now().getTime() - retentionDays * DAY_MS).toISOString());
    }
  });

  return {
    append: (result) => write.immediate(result),
    connectors: () =>
      (newestPerConnector.all() as Array<Record<string, string>>).map((r) => ({
        nqlId: r.nql_id!,
        name: r.name!,
        connector: r.connector!,
        credentialsId: r.credentials_id!,
        lastRun: new Date(r.time!),
      })),
    select: (sql, params) => {
      const statement = db.prepare(sql);
      if (!statement.readonly) throw new TypeError('The execution log only runs read-only statements');
      return statement.all(...params) as LogRow[];
    },
    baselines,
    close: () => db.close(),
  };
}

/** True when a store file exists (reading the history must not create one). */
export function logStoreExists(stateDir: string): boolean {
  return stateDir !== ':memory:' && existsSync(join(stateDir, LOG_DB_FILE));
}

function createSchema(db: Database.Database): void {
  const columns = LOG_FIELDS.map((f) => `${f.column} ${f.type === 'number' ? 'INTEGER' : 'TEXT'} NOT NULL`);
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${LOG_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, ${columns.join(', ')});
     CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_time ON ${LOG_TABLE} (time);`,
  );
  // A store written by an older version lacks the newer fields: add them, with their legacy value.
  db.transaction(() => {
    const present = new Set((db.prepare(`PRAGMA table_info(${LOG_TABLE})`).all() as Array<{ name: string }>).map((c) => c.name));
    for (const f of LOG_FIELDS) {
      if (present.has(f.column)) continue;
      const legacy = typeof f.legacy === 'number' ? f.legacy : `'${String(f.legacy ?? '').replaceAll("'", "''")}'`;
      db.exec(`ALTER TABLE ${LOG_TABLE} ADD COLUMN ${f.column} ${f.type === 'number' ? 'INTEGER' : 'TEXT'} NOT NULL DEFAULT ${legacy}`);
    }
  }).immediate();
}
