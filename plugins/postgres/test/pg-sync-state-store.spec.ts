import { expect } from 'chai';
import type pg from 'pg';
import {
  SyncStateStoreService,
  type MemberStage,
  type SinkIdentifier,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../../../core/index.js';
import { connectCluster, type ClusterConnection } from '../connection.js';
import { pgSyncStateStore } from '../sync/pg-sync-state-store.js';
import { clusterDatabase, clusterHost } from './cluster-host.js';

const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });
const FULL_AT = new Date('2026-12-01T10:00:00.000Z');
const full = (extra: Partial<SyncOutcome> = {}): SyncOutcome => ({
  full: true,
  cursor: undefined,
  unmatched: 0,
  removed: [],
  time: FULL_AT,
  ...extra,
});
const changes = (extra: Partial<SyncOutcome> = {}): SyncOutcome => ({ ...full(extra), full: false, ...extra });

describe('postgres sync state store', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let connection: ClusterConnection;
  let store: SyncStateStore;
  let runs = 0;

  beforeEach(async () => {
    const database = await clusterDatabase();
    db = database.db;
    connection = connectCluster(database.url, 4);
    store = pgSyncStateStore(() => connection.pool());
  });
  afterEach(async () => {
    await connection.release();
    await db.end();
  });

  /** A stage of `nqlId` holding `users` (UPNs), added in batches of two. */
  async function staged(nqlId: string, users: readonly string[]): Promise<MemberStage> {
    const stage = await store.stage(nqlId, `run-${++runs}`);
    for (let i = 0; i < users.length; i += 2) await stage.add(users.slice(i, i + 2).map(upn));
    return stage;
  }

  async function commit(nqlId: string, users: readonly string[], outcome: SyncOutcome): Promise<SyncState> {
    return (await staged(nqlId, users)).commit(outcome);
  }

  /** `identifier:missed` of each member of `nqlId`. */
  async function members(nqlId: string): Promise<string[]> {
    const { rows } = await db.query<{ m: string }>(
      `SELECT identifier || ':' || missed AS m FROM tributary.sync_members WHERE nql_id = $1 ORDER BY identifier_key`,
      [nqlId],
    );
    return rows.map((r) => r.m);
  }

  it('has no state for a connector that never committed, then keeps what a full read committed', async () => {
    expect(await store.read('people')).to.equal(undefined);
    const stage = await staged('people', ['ann@example.com', 'bob@example.com', 'ANN@example.com']);
    // the same user twice (any spelling) is one user, new to the store
    expect(await stage.added()).to.equal(2);
    expect(await stage.absent()).to.deep.equal([]);
    const state = await stage.commit(full({ cursor: '2026-12-01T09:59:00Z', unmatched: 3 }));
    const expected: SyncState = {
      nqlId: 'people',
      cursor: '2026-12-01T09:59:00Z',
      lastFullAt: FULL_AT,
      unmatched: 3,
      present: 2,
      absent: 0,
    };
    expect(state).to.deep.equal(expected);
    expect(await store.read('people')).to.deep.equal(expected);
    // the latest spelling is kept
    expect(await members('people')).to.deep.equal(['ANN@example.com:0', 'bob@example.com:0']);
  });

  it('counts the full reads in a row that missed a member, and a member back from absence is added again', async () => {
    await commit('people', ['a@x.org', 'b@x.org', 'c@x.org'], full());

    const second = await staged('people', ['a@x.org']);
    expect(await second.added()).to.equal(0);
    expect(await second.absent()).to.deep.equal([
      { identifier: upn('b@x.org'), missedFullReads: 1 },
      { identifier: upn('c@x.org'), missedFullReads: 1 },
    ]);
    expect(await second.commit(full())).to.include({ present: 1, absent: 2 });

    const third = await staged('people', ['a@x.org', 'B@x.org']);
    expect(await third.added()).to.equal(1);
    expect(await third.absent()).to.deep.equal([{ identifier: upn('c@x.org'), missedFullReads: 2 }]);
    expect(await third.commit(full())).to.include({ present: 2, absent: 1 });
    expect(await members('people')).to.deep.equal(['a@x.org:0', 'B@x.org:0', 'c@x.org:2']);
  });

  it('applies a change read to the users it staged only: no missed read counted, the last full read and unmatched kept', async () => {
    await commit('people', ['a@x.org', 'b@x.org'], full({ cursor: 'c1', unmatched: 5 }));
    await commit('people', ['a@x.org'], full({ cursor: 'c2', unmatched: 6 }));
    expect(await members('people')).to.deep.equal(['a@x.org:0', 'b@x.org:1']);

    const later = new Date('2026-12-01T11:00:00.000Z');
    const state = await commit('people', ['b@x.org', 'd@x.org'], changes({ cursor: 'c3', unmatched: 99, time: later }));
    expect(state).to.deep.equal({
      nqlId: 'people',
      cursor: 'c3',
      lastFullAt: FULL_AT,
      unmatched: 6,
      present: 3,
      absent: 0,
    });
    expect(await members('people')).to.deep.equal(['a@x.org:0', 'b@x.org:0', 'd@x.org:0']);
  });

  it('keeps the cursor when a run sets none, on a change read and on a full read', async () => {
    await commit('people', ['a@x.org'], full({ cursor: 'c1' }));
    expect(await commit('people', [], changes())).to.include({ cursor: 'c1', present: 1 });
    expect(await commit('people', ['a@x.org'], full())).to.include({ cursor: 'c1' });
    expect(await store.read('people')).to.include({ cursor: 'c1' });
  });

  it('deletes the removed members (any spelling), whatever they missed, and counts the rest', async () => {
    await commit('people', ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org'], full());
    await commit('people', ['a@x.org', 'b@x.org'], full());
    const state = await commit('people', ['a@x.org'], full({ removed: [upn('C@X.org'), upn('b@x.org')] }));
    expect(state).to.include({ present: 1, absent: 1 });
    expect(await members('people')).to.deep.equal(['a@x.org:0', 'd@x.org:2']);
  });

  it('changes nothing when a stage is aborted, and a stage can be opened again', async () => {
    const before = await commit('people', ['a@x.org', 'b@x.org'], full({ cursor: 'c1' }));
    const stage = await staged('people', ['c@x.org', 'd@x.org', 'e@x.org']);
    expect(await stage.added()).to.equal(3);
    await stage.add([upn('f@x.org')]); // staging again after a comparison
    await stage.abort();
    await stage.abort(); // twice is harmless
    expect(await store.read('people')).to.deep.equal(before);
    expect(await members('people')).to.deep.equal(['a@x.org:0', 'b@x.org:0']);
    const late = await Promise.resolve(stage.add([upn('g@x.org')])).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(late).to.equal('This member stage was already committed or aborted');

    const again = await staged('people', ['a@x.org']);
    expect(await again.absent()).to.deep.equal([{ identifier: upn('b@x.org'), missedFullReads: 1 }]);
    await again.abort();
    // every stage gave its connection back
    const pool = await connection.pool();
    expect(pool.idleCount).to.equal(pool.totalCount);
  });

  it("keeps connectors apart: a stage sees its own connector's members only", async () => {
    await commit('hr', ['a@x.org', 'b@x.org'], full());
    const badges = await staged('badges', ['b@x.org', 'c@x.org']);
    expect(await badges.added()).to.equal(2);
    expect(await badges.absent()).to.deep.equal([]);
    expect(await badges.commit(full())).to.include({ present: 2, absent: 0 });

    const hr = await staged('hr', ['a@x.org']);
    expect(await hr.absent()).to.deep.equal([{ identifier: upn('b@x.org'), missedFullReads: 1 }]);
    await hr.commit(full({ removed: [upn('b@x.org')] }));
    expect(await members('hr')).to.deep.equal(['a@x.org:0']);
    expect(await members('badges')).to.deep.equal(['b@x.org:0', 'c@x.org:0']);
    expect(await store.read('badges')).to.include({ present: 2, absent: 0 });
  });

  it('stages a full read of 200,000 users in batches and compares it with the members', async () => {
    const total = 200_000;
    const batch = 2_000;
    const read = async (skip: (i: number) => boolean): Promise<MemberStage> => {
      const stage = await store.stage('people', `run-${++runs}`);
      for (let start = 0; start < total; start += batch) {
        const users: SinkIdentifier[] = [];
        for (let i = start; i < start + batch; i++) if (!skip(i)) users.push(upn(`user${i}@example.com`));
        await stage.add(users);
      }
      return stage;
    };
    const first = await read(() => false);
    expect(await first.added()).to.equal(total);
    expect(await first.commit(full())).to.include({ present: total, absent: 0 });

    const second = await read((i) => i % 20_000 === 7);
    expect(await second.added()).to.equal(0);
    const absent = await second.absent();
    expect(absent.map((a) => a.identifier.value))
      .to.have.length(10)
      .and.include('user7@example.com');
    expect(absent.every((a) => a.missedFullReads === 1)).to.equal(true);
    expect(await second.commit(full())).to.include({ present: total - 10, absent: 10 });
  });

  it('says which step failed when the connection of a stage is lost', async () => {
    const stage = await staged('people', ['a@x.org']);
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const error = await stage.commit(full()).then(
      () => expect.fail('the commit should have failed'),
      (e: Error & { code?: string }) => e,
    );
    expect(error.code).to.equal('POSTGRES_SYNC_STATE_FAILED');
    expect(error.message).to.match(
      /^Could not commit the run's members to the PostgreSQL sync state: the connection to the database was lost/,
    );
    expect(await store.read('people')).to.equal(undefined);
  });
});

describe('postgres plugin: the sync state service', function () {
  this.timeout(60_000);
  it('overrides the sync state store in a cluster: what one host commits, another reads', async () => {
    const { url, db } = await clusterDatabase();
    const a = await clusterHost(url, { rows: 1 }, 'a:1');
    const b = await clusterHost(url, { rows: 1 }, 'b:2');
    try {
      const stage = await a.service(SyncStateStoreService)!.stage('people', 'run-a');
      await stage.add([upn('ann@example.com')]);
      await stage.commit(full({ cursor: 'c1' }));
      expect(await b.service(SyncStateStoreService)!.read('people')).to.include({ cursor: 'c1', present: 1 });
      const { rows } = await db.query('SELECT nql_id, cursor FROM tributary.sync_state');
      expect(rows).to.deep.equal([{ nql_id: 'people', cursor: 'c1' }]);
    } finally {
      await a.close();
      await b.close();
      await db.end();
    }
  });
});
