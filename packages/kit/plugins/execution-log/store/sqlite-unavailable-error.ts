import { ConfigError } from '../../../core/index.js';

/**
 * Neither SQLite engine the execution log can use is there: better-sqlite3 is not installed (or not
 * built for this Node.js) and this Node.js has no `node:sqlite` (it came with 22.13).
 */
export class SqliteUnavailableError extends ConfigError {
  constructor(cause: unknown) {
    super(
      'EXECUTION_LOG_SQLITE_UNAVAILABLE',
      `The execution log needs SQLite: better-sqlite3 could not be loaded (${cause instanceof Error ? cause.message : String(cause)}) and Node.js ${process.versions.node} has no node:sqlite. Install better-sqlite3 (npm install better-sqlite3) or use Node.js 22.13 or later.`,
      { cause, details: { node: process.versions.node } },
    );
  }
}
