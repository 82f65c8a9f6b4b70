import { expect } from 'chai';
import type pg from 'pg';
import { RunCoordinatorService, type ScheduledTick } from 'tributary-kit';
import { clusterHost, perTestCluster, poll, unhandledRejections } from './cluster-host.js';
import { startDatabaseProxy, type DatabaseProxy } from './database-proxy.js';

/** Every session of the test database but `db`'s own: what a server restart does to a host's connections. */
const terminateOthers = (db: pg.Client) =>
  db.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );

describe('postgres cluster: a lost database connection', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let url: string;
  let proxy: DatabaseProxy | undefined;
  const unhandled = unhandledRejections();
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('fails the run whose connection is cut while it stages rows, logs it once, and the host runs the connector again', async () => {
    let cut = false;
    const host = await clusterHost(url, {
      rows: 30,
      batchSize: 10,
      // The first batch is in the sink's COPY when the server drops every connection.
      beforeBatch: async (index) => {
        if (index !== 1 || cut) return;
        cut = true;
        await terminateOthers(db);
      },
    });
    hosts.push(host);
    const failed = await host.run('people');
    expect(failed.status).to.equal('failure');
    expect(failed.description).to.match(
      /^Could not (stage rows in|commit to) the PostgreSQL user store: the connection to the database was lost \(/,
    );
    const entries = await db.query(`SELECT status FROM tributary.inbound_connector_logs WHERE run_id = $1`, [
      failed.runId,
    ]);
    expect(entries.rows).to.deep.equal([{ status: 'failure' }]);
    const written = await db.query(`SELECT count(*)::int AS n FROM tributary.user_attributes WHERE run_id = $1`, [
      failed.runId,
    ]);
    expect(written.rows).to.deep.equal([{ n: 0 }]);

    const next = await host.run('people');
    expect(next.status, next.description).to.equal('success');
    expect(unhandled).to.deep.equal([]);
  });

  it('keeps a worker whose tick ends while the database is unreachable: the tick is not marked done, and ticks are taken again once the database is back', async () => {
    proxy = await startDatabaseProxy(url);
    const outage = proxy;
    const host = await clusterHost(outage.url, { rows: 1 });
    hosts.push(host);
    const coordinator = host.service(RunCoordinatorService)!;
    const taken: ScheduledTick[] = [];
    await coordinator.work(1, async (tick) => {
      taken.push(tick);
      if (taken.length === 1) await outage.cut(); // the run ends while the database is gone
    });
    const first: ScheduledTick = { nqlId: 'people', scheduledFor: new Date('2026-12-01T10:00:00.000Z') };
    await coordinator.enqueue(first);
    const notDone = await poll('the tick not marked done', async () => {
      const lines = host.logger.lines.filter((l) => l.includes('could not be marked done'));
      return lines.length > 0 ? lines : undefined;
    });
    expect(notDone).to.have.length(1);
    expect(notDone[0]).to.match(
      /^warn: Tick people@2026-12-01T10:00:00\.000Z could not be marked done in the job queue \(pg-boss expires it\): /,
    );

    await outage.restore();
    const second: ScheduledTick = { nqlId: 'people', scheduledFor: new Date('2026-12-01T10:01:00.000Z') };
    await coordinator.enqueue(second);
    await poll('the second tick taken', async () => (taken.length >= 2 ? true : undefined));
    expect(taken).to.deep.equal([first, second]);
    await coordinator.stopWorking();
    expect(unhandled).to.deep.equal([]);
  });
});
