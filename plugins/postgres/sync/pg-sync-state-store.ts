import type pg from 'pg';
import type { SyncStateStore } from 'tributary-kit';
import { SYNC_STATE } from '../schema.js';
import { PgMemberStage } from './pg-member-stage.js';
import { SYNC_STATE_COLUMNS, syncStateOf, type SyncStateRow } from './sync-state-row.js';

/**
 * Each connector's cursor and members in `tributary.sync_state` and `tributary.sync_members`, shared
 * by every host of the cluster. A run's stage holds one pooled connection until it commits or aborts
 * (its TEMP table lives there): the run id names nothing in the database.
 */
export function pgSyncStateStore(connect: () => Promise<pg.Pool>): SyncStateStore {
  return {
    async read(nqlId) {
      const { rows } = await (
        await connect()
      ).query<SyncStateRow>(`SELECT ${SYNC_STATE_COLUMNS} FROM ${SYNC_STATE} WHERE nql_id = $1`, [nqlId]);
      return rows[0] && syncStateOf(rows[0]);
    },
    async stage(nqlId) {
      return PgMemberStage.open(await connect(), nqlId);
    },
  };
}
