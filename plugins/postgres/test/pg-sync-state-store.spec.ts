import { expect } from 'chai';
import type pg from 'pg';
import { SyncStateStoreService, type SinkIdentifier, type SyncOutcome, type SyncStateStore } from 'tributary-kit';
import { describeSyncStateStore } from '../../../testing.js';
import { connectCluster, type ClusterConnection } from '../connection.js';
import { pgSyncStateStore } from '../sync/pg-sync-state-store.js';
import { clusterDatabase, clusterHost } from './cluster-host.js';

const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });
const full = (cursor?: string): SyncOutcome => ({
  full: true,
  cursor,
  unmatched: 0,
  removed: [],
  time: new Date('2026-12-01T10:00:00.000Z'),
});

/** A fresh cluster database, a client to look inside, and the store on a pool of 4 connections to it. */
async function openStore(): Promise<{ db: pg.Client; connection: ClusterConnection; store: SyncStateStore }> {
  const { url, db } = await clusterDatabase();
  const connection = connectCluster(url, 4);
  return { db, connection, store: pgSyncStateStore(() => connection.pool()) };
}

describe('postgres sync state store', function () {
  this.timeout(60_000);

  describeSyncStateStore('postgres', async () => {
    const { db, connection, store } = await openStore();
    return {
      store,
      async members(nqlId) {
        const { rows } = await db.query<{ m: string }>(
          `SELECT identifier || ':' || missed AS m FROM tributary.sync_members WHERE nql_id = $1 ORDER BY identifier_key`,
          [nqlId],
        );
        return rows.map((r) => r.m);
      },
      async teardown() {
        await connection.release();
        await db.end();
      },
    };
  });

  describe('on its connection pool', () => {
    let db: pg.Client;
    let connection: ClusterConnection;
    let store: SyncStateStore;

    beforeEach(async () => {
      ({ db, connection, store } = await openStore());
    });
    afterEach(async () => {
      await connection.release();
      await db.end();
    });

    it('gives the connection of every stage back to the pool, however the stage ended', async () => {
      const committed = await store.stage('people', 'run-1');
      await committed.add([upn('a@x.org')]);
      await committed.commit(full());
      await committed.abort();
      const compared = await store.stage('people', 'run-2');
      await compared.add([upn('b@x.org')]);
      expect(await compared.absent()).to.have.length(1);
      await compared.abort();
      await compared.abort();
      const refused = await store.stage('people', 'run-3');
      await refused.abort();
      await Promise.resolve(refused.add([upn('c@x.org')])).catch(() => undefined);
      const pool = await connection.pool();
      expect(pool.idleCount).to.equal(pool.totalCount);
    });

    it('says which step failed when the connection of a stage is lost', async () => {
      const stage = await store.stage('people', 'run-1');
      await stage.add([upn('a@x.org')]);
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
      await stage.commit(full('c1'));
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
