import type { BaselineStore } from '../../../core/index.js';

/** A connector's row of the `run_baselines` table: the time as ISO text and the field counts as JSON, as SQLite keeps them. */
interface BaselineRow {
  readonly runId: string;
  readonly time: string;
  readonly processedRows: number;
  readonly fieldCounts: string;
}

/**
 * The shrink guard's baselines without SQLite, one per NQL ID, for a host that has none (the kit's test
 * host on Node.js 20 without better-sqlite3). Kept as `sqliteBaselineStore` keeps them, as text: each
 * read gives a new baseline, which neither the writer's object nor the reader's changes can alter.
 */
export function memoryBaselineStore(): BaselineStore {
  const rows = new Map<string, BaselineRow>();
  return {
    async read(nqlId) {
      const row = rows.get(nqlId);
      if (!row) return undefined;
      return {
        nqlId,
        runId: row.runId,
        time: new Date(row.time),
        processedRows: row.processedRows,
        fields: JSON.parse(row.fieldCounts) as Record<string, number>,
      };
    },
    async write(b) {
      const row = {
        runId: b.runId,
        time: b.time.toISOString(),
        processedRows: b.processedRows,
        fieldCounts: JSON.stringify(b.fields),
      };
      rows.set(b.nqlId, row);
    },
  };
}
