import { expect } from 'chai';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { silentLogger, type RunCoordinator, type ScheduledTick } from '../../../core/index.js';
import { TICK_QUEUE, TickQueue } from '../coordinator/tick-queue.js';
import { clusterHost, eventually, LEASE_SECONDS, perTestCluster } from './cluster-host.js';

describe('postgres run coordinator', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let url: string;
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));
  const start = async (name: string, source: Parameters<typeof clusterHost>[1] = { rows: 10 }) => {
    const host = await clusterHost(url, source, name);
    hosts.push(host);
    return { host, coordinator: host.host.coordinator as RunCoordinator };
  };

  it('queues a tick once however many hosts enqueue it, and a worker takes it', async () => {
    const a = await start('a:1');
    const b = await start('b:2');
    const tick: ScheduledTick = { nqlId: 'people', scheduledFor: new Date('2026-12-01T10:00:00.000Z') };
    const created = await Promise.all([a.coordinator.enqueue(tick), b.coordinator.enqueue(tick), a.coordinator.enqueue({ ...tick })]);
    expect(created.filter(Boolean)).to.have.length(1);
    const taken: ScheduledTick[] = [];
    await b.coordinator.work(1, async (t) => void taken.push(t));
    await eventually('the tick taken', 10_000, async () => (taken.length ? true : undefined));
    expect(taken).to.deep.equal([tick]);
    // Done, it stays unique: enqueuing it again creates nothing.
    expect(await a.coordinator.enqueue(tick)).to.equal(false);
    await b.coordinator.stopWorking();
  });

  it('creates its job queue safely when two hosts start at once', async () => {
    // pg-boss's tables exist, its queue not yet (as on a new cluster's first start).
    const installer = new PgBoss({ connectionString: url, supervise: false, schedule: false });
    await installer.start();
    await installer.stop({ graceful: false });
    // Holding pg-boss's job table stalls the first host inside its queue creation, after it claimed the
    // queue's row: the moment a second host used to deadlock against it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE pgboss.job IN ACCESS EXCLUSIVE MODE');
    const waiting = async (n: number) =>
      eventually(`${n} waiting session(s)`, 10_000, async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return (rows[0] as { n: number }).n >= n ? true : undefined;
      });
    const pools = [new pg.Pool({ connectionString: url, max: 2 }), new pg.Pool({ connectionString: url, max: 2 })];
    const starts: Promise<TickQueue>[] = [];
    try {
      starts.push(TickQueue.start(pools[0]!, silentLogger));
      await waiting(1);
      starts.push(TickQueue.start(pools[1]!, silentLogger));
      await waiting(2);
      await blocker.query('COMMIT');
      const outcomes = await Promise.allSettled(starts);
      expect(outcomes.filter((o) => o.status === 'rejected')).to.deep.equal([]);
      const { rows } = await db.query(`SELECT name FROM pgboss.queue`);
      expect(rows).to.deep.equal([{ name: TICK_QUEUE }]);
    } finally {
      await blocker.end();
      await Promise.all(starts.map(async (start) => (await start.catch(() => undefined))?.stop()));
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('leases a connector to one run at a time, says who holds it, and renews the lease of a long run', async () => {
    const a = await start('a:1', {
      rows: 20,
      batchSize: 10,
      // The second batch comes after two leases' time: only heartbeats keep the lease.
      beforeBatch: (index) => (index === 1 ? new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 2000)) : undefined),
    });
    const b = await start('b:2');
    const running = a.host.run('people', { scheduledFor: new Date('2026-12-01T10:00:02.000Z') });
    const holder = await eventually('a lease', 10_000, async () => (await b.coordinator.acquire('people')).heldBy);
    expect(holder.host).to.equal('a:1');
    // Any host lists the runs in progress: `tributary logs --running`.
    let out = '';
    const code = await b.host.host.registry.commands.get('logs')!.run(
      { positionals: [], options: { running: true, format: 'json' } },
      { stdout: { write: (t) => void (out += t) }, stderr: { write: () => undefined } },
    );
    expect(code).to.equal(0);
    expect((JSON.parse(out) as Array<Record<string, string>>).map((r) => [r['details.nql_id'], r['details.host'], r['details.name'], r['details.run_id'], r['details.scheduled_for']])).to.deep.equal([
      ['people', 'a:1', 'People', holder.runId, '2026-12-01T10:00:02.000Z'],
    ]);
    const result = await running;
    expect(result.status, result.description).to.equal('success');
    const entries = await b.host.logs('platform.inbound_connector_logs | list details.host, details.scheduled_for, status');
    expect(entries).to.deep.equal([{ 'details.host': 'a:1', 'details.scheduled_for': '2026-12-01T10:00:02.000Z', status: 'success' }]);
    const outcome = await b.coordinator.acquire('people');
    expect(outcome.lease?.host).to.equal('b:2');
    await outcome.lease?.release();
  });

  it('logs the run of a worker that vanished as a failure naming its host, within the lease and a heartbeat', async () => {
    const a = await start('a:1');
    // A worker on another machine took the lease, showed its run, then vanished (no more heartbeats).
    await db.query(
      `INSERT INTO tributary.running_runs (nql_id, run_id, host, scheduled_for, lease_until, name, connector)
       VALUES ('people', 'ghost-run', 'ghost:9', '2026-12-01T10:00:00Z', clock_timestamp() + interval '${LEASE_SECONDS} seconds', 'People', 'Synthetic')`,
    );
    const vanishedAt = Date.now();
    expect((await a.coordinator.acquire('people')).heldBy?.host).to.equal('ghost:9');
    await a.coordinator.work(1, async () => undefined); // a working host reaps every heartbeat
    const entry = await eventually('the lost run logged', 10_000, async () =>
      (await a.host.logs('platform.inbound_connector_logs | where details.run_id == "ghost-run" | list status, details.host, details.description, details.name, details.scheduled_for'))[0],
    );
    expect(Date.now() - vanishedAt).to.be.at.most(a.coordinator.lostAfterMs + 1500);
    expect(entry).to.deep.equal({
      status: 'failure',
      'details.host': 'ghost:9',
      'details.description': "Worker lost: ghost:9 stopped renewing the run's lease (killed, crashed or cut off from the database); its sink committed nothing",
      'details.name': 'People',
      'details.scheduled_for': '2026-12-01T10:00:00.000Z',
    });
    await a.coordinator.stopWorking();
    expect((await a.host.run('people')).status).to.equal('success');
  });

  it('refuses host.run while another host runs the connector', async () => {
    const b = await start('b:2');
    const lease = (await b.coordinator.acquire('people')).lease!;
    const a = await start('a:1');
    const error = await a.host.run('people').then(() => undefined, (e: unknown) => e as Error & { code?: string });
    expect(error?.code).to.equal('RUN_ALREADY_RUNNING');
    expect(error?.message).to.match(/^people is already running on b:2 \(run /);
    await lease.release();
  });
});
