import { expect } from 'chai';
import { decideSyncRead } from './decide-sync-read.js';
import { DEFAULT_SYNC, type SyncConfig } from './sync-config.js';
import type { SyncState } from './sync-state-store.js';

const incremental: SyncConfig = { ...DEFAULT_SYNC, mode: 'incremental', fullEverySeconds: 7 * 86_400 };
const now = new Date('2026-12-07T12:00:00Z');
const state = (lastFullAt: string | undefined): SyncState => ({
  nqlId: 'people',
  cursor: 'c1',
  lastFullAt: lastFullAt === undefined ? undefined : new Date(lastFullAt),
  present: 10,
  absent: 0,
  unmatched: 0,
});

describe('decideSyncRead', () => {
  it('reads everything without a sync entry, or under mode full, keeping no cursor', () => {
    expect(decideSyncRead(undefined, undefined, now)).to.include({ mode: 'full', cursor: false });
    expect(decideSyncRead(DEFAULT_SYNC, state('2026-12-07T00:00:00Z'), now)).to.include({
      mode: 'full',
      cursor: false,
    });
  });

  it('reads everything first, keeping a cursor', () => {
    expect(decideSyncRead(incremental, undefined, now)).to.deep.equal({
      mode: 'full',
      cursor: true,
      reason: 'first read: no cursor yet',
    });
    const noCursor = { ...state('2026-12-01T00:00:00Z'), cursor: undefined };
    expect(decideSyncRead(incremental, noCursor, now)).to.include({ mode: 'full' });
  });

  it('reads the changes since the cursor until the last full read is fullEvery old', () => {
    const lastFull = new Date(now.getTime() - 7 * 86_400_000 + 1000).toISOString();
    expect(decideSyncRead(incremental, state(lastFull), now)).to.deep.equal({
      mode: 'changes',
      since: 'c1',
      lookBackSeconds: DEFAULT_SYNC.lookBackSeconds,
    });
    const due = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    expect(decideSyncRead(incremental, state(due), now)).to.deep.equal({
      mode: 'full',
      cursor: true,
      reason: 'full reconciliation: the last full read is older than fullEvery (7d)',
    });
  });

  it('under fullEvery: { cron }, reads everything once the schedule has fired since the last full read', () => {
    const cron: SyncConfig = { ...incremental, fullCron: { cron: '0 3 * * 0' } };
    const lastFull = state('2026-12-05T12:00:00Z');
    const sunday = new Date('2026-12-06T03:00:00Z');
    expect(decideSyncRead(cron, lastFull, now, undefined, () => sunday)).to.deep.equal({
      mode: 'full',
      cursor: true,
      reason: 'full reconciliation: fullEvery (cron "0 3 * * 0") fired at 2026-12-06T03:00:00.000Z',
    });
    const nextSunday = new Date('2026-12-13T03:00:00Z');
    expect(decideSyncRead(cron, lastFull, now, undefined, () => nextSunday)).to.include({ mode: 'changes' });
  });

  it('reads everything when asked, saying why', () => {
    expect(decideSyncRead(incremental, state('2026-12-07T11:00:00Z'), now, 'asked for (run --full)')).to.include({
      mode: 'full',
      reason: 'asked for (run --full)',
    });
  });
});
