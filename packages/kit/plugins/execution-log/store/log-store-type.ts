import type { BaselineStore, ChangeLedger, ExecutionLogStore, SyncStateStore } from '../../../core/index.js';

/** The embedded execution-log store: one row per execution, queried with NQL, and the shrink guard's baselines. */
export type LogStore = ExecutionLogStore & {
  /** Each connector's last committed run (table `run_baselines`). */
  readonly baselines: BaselineStore;
  /** Each connector's sync cursor and members (tables `sync_state`, `sync_members`). */
  readonly syncState: SyncStateStore;
  /** The change ledger (table `user_attribute_changes`). */
  readonly changes: ChangeLedger;
};
