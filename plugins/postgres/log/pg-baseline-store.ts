import type pg from 'pg';
import type { BaselineStore } from 'tributary-kit';
import { BASELINES } from '../schema.js';

/** The shrink guard's baselines in `tributary.run_baselines`, one row per NQL ID, shared by every host. */
export function pgBaselineStore(connect: () => Promise<pg.Pool>): BaselineStore {
  return {
    async read(nqlId) {
      const { rows } = await (
        await connect()
      ).query<{ run_id: string; time: Date; processed_rows: number; field_counts: Record<string, number> }>(
        `SELECT run_id, time, processed_rows, field_counts FROM ${BASELINES} WHERE nql_id = $1`,
        [nqlId],
      );
      const row = rows[0];
      return (
        row && {
          nqlId,
          runId: row.run_id,
          time: row.time,
          processedRows: Number(row.processed_rows),
          fields: row.field_counts,
        }
      );
    },
    async write(b) {
      await (
        await connect()
      ).query(
        `INSERT INTO ${BASELINES} (nql_id, run_id, time, processed_rows, field_counts) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (nql_id) DO UPDATE SET run_id = excluded.run_id, time = excluded.time,
           processed_rows = excluded.processed_rows, field_counts = excluded.field_counts`,
        [b.nqlId, b.runId, b.time, b.processedRows, JSON.stringify(b.fields)],
      );
    },
  };
}
