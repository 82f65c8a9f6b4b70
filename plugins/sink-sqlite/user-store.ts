import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FatalError } from 'tributary-kit';

export type UserStoreDatabase = Database.Database;

/**
 * Users (one row per identifier kind and lower-cased identifier, with its latest original spelling) and
 * their attributes (one row per user and field, with the connector that wrote it and when).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id              INTEGER PRIMARY KEY,
  identifier_kind TEXT NOT NULL,
  identifier_key  TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  UNIQUE (identifier_kind, identifier_key)
);
CREATE TABLE IF NOT EXISTS user_attributes (
  user_id    INTEGER NOT NULL, -- users.id
  field      TEXT NOT NULL,
  value,
  connector  TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, field)
) WITHOUT ROWID;
`;

/** `path` when given (relative to the config file's folder), else `<stateDir>/users.db`; `:memory:` stays in memory. */
export function userStorePath(stateDir: string, configDir: string, path?: string): string {
  if (path !== undefined) return path === ':memory:' ? path : resolve(configDir, path);
  return stateDir === ':memory:' ? ':memory:' : join(stateDir, 'users.db');
}

/** SQLite's page cache for everyday work, in KiB: small, so that a sync of 200,000 rows stays near 250 MiB RSS. */
export const CACHE_KIB = 16 * 1024;
/**
 * The page cache while a large run commits. At millions of users the users index and the attribute
 * table outgrow a small cache and the commit slows down (3M rows: 36 s with 64 MiB, 28 s with 256 MiB).
 */
export const LARGE_COMMIT_CACHE_KIB = 256 * 1024;
/** From how many staged rows a commit gets the large cache. */
export const LARGE_COMMIT_ROWS = 500_000;

const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * A store SQLite cannot read becomes an error naming the file and what to do; nothing is moved or
 * deleted automatically (it holds the users' data: the operator decides). Other errors pass.
 */
function damagedStoreError(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DAMAGED.has(code)) return error;
  return new FatalError(
    'SQLITE_STORE_DAMAGED',
    `The users store ${file} is damaged (${(error as Error).message}): move it aside and restore it from a backup, or delete it; the next run then starts a new one`,
    { cause: error },
  );
}

/** Runs the steps that first read the file; a damaged file throws damagedStoreError. */
function opening<T>(file: string, db: UserStoreDatabase, steps: () => T): T {
  try {
    return steps();
  } catch (error) {
    db.close();
    throw damagedStoreError(file, error);
  }
}

/** Opens (creating when needed) the store in WAL mode, so that readers never wait for a run's commit. */
export function openUserStore(file: string): UserStoreDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  return opening(file, db, () => {
    db.pragma('journal_mode = WAL');
    // Another process committing a large run holds the write lock for a while: wait rather than fail.
    db.pragma('busy_timeout = 60000');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.exec(SCHEMA);
    return db;
  });
}

/** Opens an existing store for reading, or returns undefined when there is none yet. */
export function openUserStoreReadOnly(file: string): UserStoreDatabase | undefined {
  if (file === ':memory:') return undefined;
  let db: UserStoreDatabase;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return undefined;
  }
  db.pragma('busy_timeout = 10000');
  const table = opening(file, db, () =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user_attributes'`).get(),
  );
  if (table === undefined) {
    db.close();
    return undefined;
  }
  return db;
}
