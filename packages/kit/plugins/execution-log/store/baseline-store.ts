import type { BaselineStore } from '../../../core/index.js';
import type { SqliteDatabase } from './sqlite-database.js';

export type { BaselineStore, RunBaseline } from '../../../core/index.js';

const TABLE = 'run_baselines';

/** The baselines in the execution log's SQLite database (table `run_baselines`, one row per NQL ID). */
export function sqliteBaselineStore(db: SqliteDatabase): BaselineStore {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (nql_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, time TEXT NOT NULL,
       processed_rows INTEGER NOT NULL, field_counts TEXT NOT NULL)`,
  );
  const select = db.prepare(`SELECT nql_id, run_id, time, processed_rows, field_counts FROM ${TABLE} WHERE nql_id = ?`);
  const upsert = db.prepare(
    `INSERT INTO ${TABLE} (nql_id, run_id, time, processed_rows, field_counts) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (nql_id) DO UPDATE SET run_id = excluded.run_id, time = excluded.time,
       processed_rows = excluded.processed_rows, field_counts = excluded.field_counts`,
  );
  return {
    async read(nqlId) {
      const row = select.get(nqlId) as
        { nql_id: string; run_id: string; time: string; processed_rows: number; field_counts: string } | undefined;
      if (!row) return undefined;
      return {
        nqlId: row.nql_id,
        runId: row.run_id,
        time: new Date(row.time),
        processedRows: row.processed_rows,
        fields: JSON.parse(row.field_counts) as Record<string, number>,
      };
    },
    async write(b) {
      upsert.run(b.nqlId, b.runId, b.time.toISOString(), b.processedRows, JSON.stringify(b.fields));
    },
  };
}
