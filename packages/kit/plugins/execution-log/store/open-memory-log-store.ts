import type { LogStore } from './log-store-type.js';
import { memoryBaselineStore } from './memory-baseline-store.js';
import { memoryChangeLedger } from './memory-change-ledger.js';
import { memoryLogStore } from './memory-log-store.js';
import { memorySyncStateStore } from './memory-sync-state-store.js';

/**
 * The execution log of a `:memory:` state without SQLite: the log, baselines, sync state and change
 * ledger in memory, answering NQL as the SQLite store does (the ledger's table included).
 */
export function openMemoryLogStore(options: {
  readonly now?: (() => Date) | undefined;
  readonly retentionDays?: number | undefined;
}): LogStore {
  const changes = memoryChangeLedger();
  const log = memoryLogStore({
    now: options.now,
    retentionDays: options.retentionDays,
    changeRows: () => changes.rows(),
  });
  return { ...log, baselines: memoryBaselineStore(), syncState: memorySyncStateStore(), changes };
}
