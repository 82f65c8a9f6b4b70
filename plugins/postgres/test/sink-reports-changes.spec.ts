import { expect } from 'chai';
import type pg from 'pg';
import type { ChangeReport, SinkIdentifier } from 'tributary-kit';
import { describeSinkChanges } from '../../../testing.js';
import { connectCluster } from '../connection.js';
import { insertLease, renewLease } from '../coordinator/lease-table.js';
import { RUNNING } from '../schema.js';
import { CopyRun } from '../sink/copy-run.js';
import { postgresSinkType } from '../sink/pg-sink-type.js';
import { ensureUserTables, userTables } from '../sink/user-tables.js';
import { clusterDatabase } from './cluster-host.js';

const LEASE_MS = 60_000;
const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });

/** The temporary tables of every connection to the test's database (staging and change tables). */
async function temporaryTables(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'`,
  );
  return rows[0]!.n;
}

/** A fresh cluster database with the user tables, and runs that hold their connector's lease as a worker's would. */
async function openSink(): Promise<{
  db: pg.Client;
  pool: pg.Pool;
  open: (nqlId: string) => Promise<{ run: CopyRun; runId: string }>;
  close: () => Promise<void>;
}> {
  const { url, db } = await clusterDatabase();
  const connection = connectCluster(url, 4);
  const pool = await connection.pool();
  await ensureUserTables(pool, 'tributary');
  let runs = 0;
  return {
    db,
    pool,
    async open(nqlId) {
      const runId = `${nqlId}-run-${++runs}`;
      await pool.query(`DELETE FROM ${RUNNING} WHERE nql_id = $1`, [nqlId]);
      await insertLease(pool, { runId, nqlId, host: 'test', scheduledFor: undefined }, LEASE_MS);
      const run = await CopyRun.open({
        pool,
        tables: userTables('tributary'),
        runId,
        connector: nqlId,
        leaseMs: LEASE_MS,
      });
      return { run, runId };
    },
    async close() {
      await connection.release();
      await db.end();
    },
  };
}

describe('postgres sink: the changes a commit reports', function () {
  this.timeout(60_000);

  describeSinkChanges('postgres', async () => {
    const sink = await openSink();
    return {
      sinkType: postgresSinkType(() => {
        throw new Error('not connected in this test');
      }),
      open: async (nqlId) => (await sink.open(nqlId)).run,
      async values() {
        const { rows } = await sink.db.query<{ line: string }>(
          `SELECT u.identifier || ' ' || a.field || ' ' || (a.value #>> '{}') AS line
           FROM tributary.user_attributes AS a JOIN tributary.users AS u ON u.id = a.user_id`,
        );
        return rows.map((r) => r.line);
      },
      temporaryTables: () => temporaryTables(sink.db),
      teardown: () => sink.close(),
    };
  });

  describe('on a store of many users', () => {
    let sink: Awaited<ReturnType<typeof openSink>>;

    beforeEach(async () => {
      sink = await openSink();
    });
    afterEach(async () => {
      await sink.close();
    });

    it('reports a change read of a few users, whose stored values it looks up one by one', async () => {
      const users = Array.from({ length: 2_000 }, (_, i) => i);
      const first = await sink.open('hr');
      await first.run.write(users.map((i) => ({ identifier: upn(`user${i}@example.com`), fields: { level: i } })));
      await first.run.commit();
      // The statistics the commit reads to choose the lookups: 2,000 users, more than 20 × 3 staged rows.
      await sink.db.query('ANALYZE tributary.users');

      const { run } = await sink.open('hr');
      await run.write([
        { identifier: upn('USER7@example.com'), fields: { level: 7, title: 'Ops' } },
        { identifier: upn('user8@example.com'), fields: { level: 80 } },
        { identifier: upn('new@example.com'), fields: { level: 1 } },
      ]);
      const sent: string[] = [];
      await run.commit(undefined, {
        add: (changes) =>
          void sent.push(...changes.map((c) => `${c.identifier.value} ${c.field}: ${c.oldValue} -> ${c.newValue}`)),
      });
      expect(sent.sort()).to.deep.equal([
        'USER7@example.com title: null -> Ops',
        'new@example.com level: null -> 1',
        'user8@example.com level: 8 -> 80',
      ]);
    });
  });

  describe('fenced by the lease', () => {
    let sink: Awaited<ReturnType<typeof openSink>>;

    beforeEach(async () => {
      sink = await openSink();
    });
    afterEach(async () => {
      await sink.close();
    });

    it('reports nothing for a run that lost its lease: nothing committed, no temporary table left', async () => {
      const first = await sink.open('hr');
      await first.run.write([{ identifier: upn('ann@example.com'), fields: { department: 'Sales' } }]);
      await first.run.commit();

      const { run, runId } = await sink.open('hr');
      await run.write([{ identifier: upn('ann@example.com'), fields: { department: 'Legal' } }]);
      await sink.db.query(`UPDATE ${RUNNING} SET lease_until = clock_timestamp() WHERE run_id = $1`, [runId]);
      let calls = 0;
      const report: ChangeReport = { add: () => void calls++ };
      await run.commit({ remove: [upn('ann@example.com')], retain: [] }, report).then(
        () => expect.fail('the commit should have been refused'),
        (error: Error & { code?: string }) => expect(error.code).to.equal('CLUSTER_LEASE_LOST'),
      );
      expect(calls).to.equal(0);
      const { rows } = await sink.db.query(`SELECT value FROM tributary.user_attributes`);
      expect(rows).to.deep.equal([{ value: 'Sales' }]);
      expect(await temporaryTables(sink.db)).to.equal(0);
    });

    it("rehearses without the run's lease: it may be renewed meanwhile, and a run that lost it still cannot commit", async () => {
      const first = await sink.open('hr');
      await first.run.write([{ identifier: upn('ann@example.com'), fields: { department: 'Sales' } }]);
      await first.run.commit();

      const { run, runId } = await sink.open('hr');
      await run.write([{ identifier: upn('ann@example.com'), fields: { department: 'Legal' } }]);
      const renewed: boolean[] = [];
      const sent: string[] = [];
      await run.rehearse(undefined, {
        async add(changes) {
          sent.push(...changes.map((c) => `${c.oldValue} -> ${c.newValue}`));
          // The host's heartbeat, on another connection: it would wait for the rehearsal's end if it held the lease.
          renewed.push(await renewLease(sink.pool, runId, LEASE_MS));
        },
      });
      expect(sent).to.deep.equal(['Sales -> Legal']);
      expect(renewed).to.deep.equal([true]);

      await sink.db.query(`UPDATE ${RUNNING} SET lease_until = clock_timestamp() WHERE run_id = $1`, [runId]);
      await run.rehearse(undefined, { add: () => undefined });
      await run.commit().then(
        () => expect.fail('the commit should have been refused'),
        (error: Error & { code?: string }) => expect(error.code).to.equal('CLUSTER_LEASE_LOST'),
      );
      const { rows } = await sink.db.query(`SELECT value FROM tributary.user_attributes`);
      expect(rows).to.deep.equal([{ value: 'Sales' }]);
    });
  });
});
