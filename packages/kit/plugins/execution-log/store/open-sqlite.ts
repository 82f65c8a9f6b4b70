import { createRequire } from 'node:module';
import { nodeSqliteDatabase, type NodeSqlite } from './node-sqlite-database.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { SqliteUnavailableError } from './sqlite-unavailable-error.js';

/** better-sqlite3's `Database` class, as far as the stores use it. */
type BetterSqlite3 = new (file: string) => SqliteDatabase;

/** Where the two engines come from. Tests pass their own to force node:sqlite or to take an engine away. */
export interface SqliteEngines {
  /** better-sqlite3's `Database` class; throws when it cannot be loaded (not installed, or built for another Node.js). */
  readonly betterSqlite3: () => BetterSqlite3;
  /** `node:sqlite`, or undefined on a Node.js without it. */
  readonly nodeSqlite: () => NodeSqlite | undefined;
}

let betterSqlite3: { readonly loaded: BetterSqlite3 } | { readonly error: unknown } | undefined;

/**
 * better-sqlite3, required when first asked for (never when the plugin is imported) and tried once. Its
 * native addon loads when a first database opens, so one in memory is opened and closed to know.
 */
function loadBetterSqlite3(): BetterSqlite3 {
  betterSqlite3 ??= (() => {
    try {
      const Database = createRequire(import.meta.url)('better-sqlite3') as BetterSqlite3;
      new Database(':memory:').close();
      return { loaded: Database };
    } catch (error) {
      return { error };
    }
  })();
  if ('error' in betterSqlite3) throw betterSqlite3.error;
  return betterSqlite3.loaded;
}

/** The engines of this process: better-sqlite3 from node_modules, `node:sqlite` from Node.js (22.13 and later). */
export const installedEngines: SqliteEngines = Object.freeze({
  betterSqlite3: loadBetterSqlite3,
  nodeSqlite: () => process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined,
});

/** True when either engine can be loaded: a store on a file needs one, a store in memory does without. */
export function sqliteLoads(engines: SqliteEngines = installedEngines): boolean {
  try {
    engines.betterSqlite3();
    return true;
  } catch {
    return engines.nodeSqlite() !== undefined;
  }
}

/**
 * Opens `file` (or `:memory:`) with better-sqlite3 when it can be loaded, else with Node's `node:sqlite`.
 * Throws {@link SqliteUnavailableError} when neither is there (Node.js 20 without better-sqlite3).
 */
export function openSqlite(file: string, engines: SqliteEngines = installedEngines): SqliteDatabase {
  let Database: BetterSqlite3;
  try {
    Database = engines.betterSqlite3();
  } catch (error) {
    const sqlite = engines.nodeSqlite();
    if (!sqlite) throw new SqliteUnavailableError(error);
    return nodeSqliteDatabase(sqlite, file);
  }
  return new Database(file);
}
