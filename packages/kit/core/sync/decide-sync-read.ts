import { PLAIN_FULL_READ, type SyncRead } from './sync-read.js';
import type { SyncConfig } from './sync-config.js';
import type { SyncState } from './sync-state-store.js';

function days(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/**
 * What one run reads: the one place that decides between a full read and a change read.
 * - no `sync:` entry, or `mode: full`: a full read (with a cursor kept only when incremental);
 * - incremental: a full read when there is no cursor yet, when it is asked for (`run --full`), or when
 *   the last full read is `fullEvery` old, or (`fullEvery: { cron }`) when `nextFullAt`, the schedule's
 *   first time after the last full read, has come (a full reconciliation); else the changes since the cursor.
 */
export function decideSyncRead(
  sync: SyncConfig | undefined,
  state: SyncState | undefined,
  now: Date,
  full?: string,
  nextFullAt?: (lastFullAt: Date) => Date | undefined,
): SyncRead {
  if (!sync || sync.mode === 'full')
    return sync ? { mode: 'full', cursor: false, reason: 'sync mode full' } : PLAIN_FULL_READ;
  const fullRead = (reason: string): SyncRead => ({ mode: 'full', cursor: true, reason });
  if (full !== undefined) return fullRead(full);
  if (state?.cursor === undefined) return fullRead('first read: no cursor yet');
  const last = state.lastFullAt;
  if (last === undefined) return fullRead('no full read committed yet');
  if (sync.fullCron) {
    const due = nextFullAt?.(last);
    if (due !== undefined && due.getTime() <= now.getTime())
      return fullRead(`full reconciliation: fullEvery (cron "${sync.fullCron.cron}") fired at ${due.toISOString()}`);
  } else if (now.getTime() - last.getTime() >= sync.fullEverySeconds * 1000)
    return fullRead(`full reconciliation: the last full read is older than fullEvery (${days(sync.fullEverySeconds)})`);
  return { mode: 'changes', since: state.cursor, lookBackSeconds: sync.lookBackSeconds };
}
