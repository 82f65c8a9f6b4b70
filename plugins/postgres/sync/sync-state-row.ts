import type { SyncState } from 'tributary-kit';

/** The columns of `sync_state` a {@link SyncState} is read from. */
export const SYNC_STATE_COLUMNS = 'nql_id, cursor, last_full_at, unmatched, present, absent';

/** A row of `sync_state` (bigint columns read as numbers by the cluster's pool, as text by a plain one). */
export interface SyncStateRow {
  readonly nql_id: string;
  readonly cursor: string | null;
  readonly last_full_at: Date | null;
  readonly unmatched: number | string;
  readonly present: number | string;
  readonly absent: number | string;
}

/** A `sync_state` row as the store's contract says it. */
export function syncStateOf(row: SyncStateRow): SyncState {
  return {
    nqlId: row.nql_id,
    cursor: row.cursor ?? undefined,
    lastFullAt: row.last_full_at ?? undefined,
    unmatched: Number(row.unmatched),
    present: Number(row.present),
    absent: Number(row.absent),
  };
}
