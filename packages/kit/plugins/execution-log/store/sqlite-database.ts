/** A value SQLite stores: bound as a parameter, read back in a row. */
type SqliteValue = string | number | bigint | Uint8Array | null;

/** One argument of a statement: a value for the next `?`, or the values of its `@name` parameters (keys without `@`). */
export type SqliteParameter = SqliteValue | Readonly<Record<string, SqliteValue>>;

/** What writing a statement changed. */
interface SqliteRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** A prepared statement; rows are plain objects keyed by column name. */
export interface SqliteStatement {
  /** True when the statement makes no change to the database (as SQLite's `sqlite3_stmt_readonly` says). */
  readonly readonly: boolean;
  run(...params: SqliteParameter[]): SqliteRunResult;
  /** The first row, or undefined when there is none. */
  get(...params: SqliteParameter[]): unknown;
  all(...params: SqliteParameter[]): unknown[];
}

/**
 * `fn` in a transaction: committed when it returns, rolled back when it throws. Called inside another
 * transaction it is a savepoint of that one. `immediate` takes the write lock when it begins.
 */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

/**
 * What the execution log's stores use of a SQLite connection: better-sqlite3's `Database` is one as it
 * is, and `openSqlite` gives one over Node's `node:sqlite` where better-sqlite3 cannot be loaded.
 * Settings are `exec('PRAGMA …')`.
 */
export interface SqliteDatabase {
  /** False once closed. */
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements, returning no rows. */
  exec(sql: string): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>;
  /** Registers a SQL function of as many arguments as `fn` declares. */
  function(name: string, options: { readonly deterministic?: boolean }, fn: (...args: never[]) => unknown): unknown;
  close(): unknown;
}
