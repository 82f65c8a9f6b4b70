import type { SqliteDatabase, SqliteParameter, SqliteStatement, SqliteTransaction } from './sqlite-database.js';

/** What is used of a `node:sqlite` statement (Node 22.13 and later). */
interface NodeStatement {
  /** `changes` is a number: big integers are never asked for. */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Node 22.15 and later: a name the SQL does not have is ignored, as better-sqlite3 does. */
  setAllowUnknownNamedParameters?(enabled: boolean): void;
}

/** What is used of a `node:sqlite` connection. */
interface NodeConnection {
  readonly isOpen: boolean;
  /** Node 22.16 and later. */
  readonly isTransaction?: boolean;
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  function(name: string, options: { deterministic?: boolean }, fn: (...args: never[]) => unknown): void;
  close(): void;
}

/** The `node:sqlite` module, as `process.getBuiltinModule` gives it. */
export interface NodeSqlite {
  readonly DatabaseSync: new (path: string) => NodeConnection;
}

/** Opcodes after which `sqlite3_stmt_readonly` says a statement writes (SQLite's `resolveP2Values`). */
const WRITING_OPCODES = new Set(['Vacuum', 'JournalMode', 'Checkpoint']);
const SAVEPOINT = '"nested transaction"';

/**
 * True when the statement changes nothing, decided as SQLite decides `sqlite3_stmt_readonly` (which
 * node:sqlite does not expose): no write transaction begins (`Transaction` with a non-zero P2), no vacuum,
 * journal-mode change or checkpoint. A statement that cannot be explained counts as writing.
 */
function readsOnly(db: NodeConnection, sql: string): boolean {
  let program: unknown[];
  try {
    program = db.prepare(`EXPLAIN ${sql}`).all();
  } catch {
    return false;
  }
  return (program as Array<{ opcode: string; p2: number }>).every(
    (op) => !WRITING_OPCODES.has(op.opcode) && !(op.opcode === 'Transaction' && op.p2 !== 0),
  );
}

/** `undefined` binds as NULL, as better-sqlite3 binds it (node:sqlite refuses it). */
function bindable(params: SqliteParameter[]): SqliteParameter[] {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === undefined) params[i] = null;
    else if (typeof p === 'object' && p !== null && !(p instanceof Uint8Array)) {
      if (Object.values(p).some((v) => v === undefined))
        params[i] = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? null]));
    }
  }
  return params;
}

/** Rows as plain objects (node:sqlite's have no prototype). */
const plain = (row: unknown): unknown => (row === undefined ? row : { ...(row as object) });

function statement(db: NodeConnection, sql: string): SqliteStatement {
  const prepared = db.prepare(sql);
  prepared.setAllowUnknownNamedParameters?.(true);
  let readonly: boolean | undefined;
  return {
    get readonly() {
      return (readonly ??= readsOnly(db, sql));
    },
    run: (...params) => prepared.run(...bindable(params)),
    get: (...params) => plain(prepared.get(...bindable(params))),
    all: (...params) => prepared.all(...bindable(params)).map(plain),
  };
}

/**
 * The transactions of better-sqlite3 over BEGIN/COMMIT/ROLLBACK: a savepoint inside another one, a
 * rollback when `fn` (or the commit) throws, unless SQLite already rolled back; `fn` may not be async.
 */
function transactions(db: NodeConnection): SqliteDatabase['transaction'] {
  let depth = 0;
  const rollBack = (nested: boolean): void => {
    if (db.isTransaction === false) return;
    try {
      db.exec(nested ? `ROLLBACK TO ${SAVEPOINT}; RELEASE ${SAVEPOINT}` : 'ROLLBACK');
    } catch (error) {
      // Without isTransaction (Node before 22.16), a transaction SQLite ended itself cannot be told apart.
      if (db.isTransaction !== undefined) throw error;
    }
  };
  return <A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R> => {
    const variant =
      (begin: string) =>
      (...args: A): R => {
        const nested = depth > 0;
        db.exec(nested ? `SAVEPOINT ${SAVEPOINT}` : begin);
        depth++;
        try {
          const result = fn(...args);
          if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
          db.exec(nested ? `RELEASE ${SAVEPOINT}` : 'COMMIT');
          return result;
        } catch (error) {
          rollBack(nested);
          throw error;
        } finally {
          depth--;
        }
      };
    return Object.assign(variant('BEGIN'), { immediate: variant('BEGIN IMMEDIATE') });
  };
}

/** A connection to `file` (or `:memory:`) through Node's built-in `node:sqlite`, as the stores use one. */
export function nodeSqliteDatabase(sqlite: NodeSqlite, file: string): SqliteDatabase {
  const db = new sqlite.DatabaseSync(file);
  return {
    get open() {
      return db.isOpen;
    },
    prepare: (sql) => statement(db, sql),
    exec: (sql) => db.exec(sql),
    transaction: transactions(db),
    function: (name, options, fn) => db.function(name, { deterministic: options.deterministic ?? false }, fn),
    // Closing a closed connection does nothing, as with better-sqlite3.
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}
