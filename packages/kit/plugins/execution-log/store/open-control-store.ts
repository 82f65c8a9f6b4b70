import { memoryControlStore } from './memory-control-store.js';
import { sqliteLoads, type SqliteEngines } from './open-sqlite.js';
import { openSqliteControlStore, type SqliteControlStore } from './sqlite-control-store.js';

/**
 * The control store of `file` (the execution log's) or of `:memory:`: in SQLite when an engine loads,
 * else, for `:memory:` only, held in memory (a test host on Node.js 20 without better-sqlite3). A file
 * without an engine fails as {@link openSqliteControlStore} does, saying what to install.
 */
export function openControlStore(file: string, engines?: SqliteEngines): SqliteControlStore {
  if (file === ':memory:' && !sqliteLoads(engines)) return { store: memoryControlStore(), close: () => undefined };
  return openSqliteControlStore(file, engines);
}
