import { expect } from 'chai';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { RunCoordinatorService, silentLogger, type ScheduledTick } from 'tributary-kit';
import type { PgRunCoordinator } from '../coordinator/pg-run-coordinator.js';
import { TICK_QUEUE, TickQueue } from '../coordinator/tick-queue.js';
import { clusterHost, LEASE_SECONDS, perTestCluster, poll } from './cluster-host.js';

describe('postgres run coordinator', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let url: string;
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));
  const start = async (name: string, source: Parameters<typeof clusterHost>[1] = { rows: 10 }) => {
    const host = await clusterHost(url, source, name);
    hosts.push(host);
    return { th: host, coordinator: host.service(RunCoordinatorService)! };
  };

  it('queues a tick once however many hosts enqueue it, and a worker takes it', async () => {
    const a = await start('a:1');
    const b = await start('b:2');
    const tick: ScheduledTick = { nqlId: 'people', scheduledFor: new Date('2026-12-01T10:00:00.000Z') };
    const created = await Promise.all([
      a.coordinator.enqueue(tick),
      b.coordinator.enqueue(tick),
      a.coordinator.enqueue({ ...tick }),
    ]);
    expect(created.filter(Boolean)).to.have.length(1);
    const taken: ScheduledTick[] = [];
    await b.coordinator.work(1, async (t) => void taken.push(t));
    await poll('the tick taken', async () => (taken.length ? true : undefined));
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
      poll(`${n} waiting session(s)`, async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
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
    let paused!: () => void;
    const atSecondBatch = new Promise<void>((resolve) => (paused = resolve));
    let checked!: () => void;
    const checksDone = new Promise<void>((resolve) => (checked = resolve));
    const a = await start('a:1', {
      rows: 20,
      batchSize: 10,
      // Before the second batch the run waits until its lease was renewed after the term it had then
      // (only heartbeats keep it past that), and until the test has looked at the run in progress.
      beforeBatch: async (index) => {
        if (index !== 1) return;
        paused();
        const { rows } = await db.query<{ term: string }>(
          `SELECT lease_until::text AS term FROM tributary.running_runs WHERE nql_id = 'people'`,
        );
        await poll(
          'the lease renewed past its term',
          async () =>
            (
              await db.query(
                `SELECT 1 FROM tributary.running_runs WHERE nql_id = 'people' AND renewed_at > $1::timestamptz`,
                [rows[0]!.term],
              )
            ).rows[0],
        );
        await checksDone;
      },
    });
    const b = await start('b:2');
    const running = a.th.run('people', { scheduledFor: new Date('2026-12-01T10:00:02.000Z') });
    try {
      await Promise.race([
        atSecondBatch,
        running.then((r) =>
          Promise.reject(new Error(`The run ended before its second batch: ${r.status} ${r.description}`)),
        ),
      ]);
      const holder = (await b.coordinator.acquire('people')).heldBy;
      expect(holder?.host).to.equal('a:1');
      // Any host lists the runs in progress: `tributary logs --running`.
      const { code, stdout } = await b.th.runCommand('logs', ['--running', '--format', 'json']);
      expect(code).to.equal(0);
      expect(
        (JSON.parse(stdout) as Array<Record<string, string>>).map((r) => [
          r['details.nql_id'],
          r['details.host'],
          r['details.name'],
          r['details.run_id'],
          r['details.scheduled_for'],
        ]),
      ).to.deep.equal([['people', 'a:1', 'People', holder?.runId, '2026-12-01T10:00:02.000Z']]);
    } finally {
      checked();
    }
    const result = await running;
    expect(result.status, result.description).to.equal('success');
    const entries = await b.th.logs(
      'platform.inbound_connector_logs | list details.host, details.scheduled_for, status',
    );
    expect(entries).to.deep.equal([
      { 'details.host': 'a:1', 'details.scheduled_for': '2026-12-01T10:00:02.000Z', status: 'success' },
    ]);
    const outcome = await b.coordinator.acquire('people');
    expect(outcome.lease?.host).to.equal('b:2');
    await outcome.lease?.release();
  });

  it('logs the run of a worker that vanished as a failure naming its host, at the first reaping after its lease ran out', async () => {
    const a = await start('a:1');
    // A worker on another machine took the lease and showed its run.
    await db.query(
      `INSERT INTO tributary.running_runs (nql_id, run_id, host, scheduled_for, lease_until, name, connector)
       VALUES ('people', 'ghost-run', 'ghost:9', '2026-12-01T10:00:00Z', clock_timestamp() + interval '1 hour', 'People', 'Synthetic')`,
    );
    expect((await a.coordinator.acquire('people')).heldBy?.host).to.equal('ghost:9');
    // Its last heartbeat; then it vanished.
    const { rows: renewed } = await db.query<{ lease_until: Date }>(
      `UPDATE tributary.running_runs SET lease_until = clock_timestamp() + interval '${LEASE_SECONDS} seconds', renewed_at = clock_timestamp() WHERE run_id = 'ghost-run' RETURNING lease_until`,
    );
    const lastLease = renewed[0]!.lease_until;
    // The reaping rounds of the working host, in the order they started: how many lost runs each logged.
    const coordinator = a.coordinator as PgRunCoordinator;
    const rounds: Array<number | undefined> = [];
    const reap = coordinator.reap.bind(coordinator);
    coordinator.reap = async () => {
      const round = rounds.push(undefined) - 1;
      return (rounds[round] = await reap());
    };
    await a.coordinator.work(1, async () => undefined); // a working host reaps every heartbeat
    await poll('the lease run out', async () => {
      const { rows } = await db.query<{ out: boolean }>(
        `SELECT clock_timestamp() >= lease_until AS out FROM tributary.running_runs WHERE run_id = 'ghost-run'`,
      );
      return rows[0]?.out === false ? undefined : true;
    });
    const startedBefore = rounds.length;
    await poll('the lost run logged', async () => (rounds.some((n) => n !== undefined && n > 0) ? true : undefined));
    // Logged once, by the round under way when the lease ran out or the next one: within a heartbeat of the
    // lease's end in rounds, however late a loaded machine's timers fire.
    expect(rounds.filter((n) => n !== undefined && n > 0)).to.deep.equal([1]);
    expect(rounds.indexOf(1)).to.be.at.most(startedBefore);
    // Its time is the reaping's, once the lease ran out (both to the millisecond).
    const { rows: logged } = await db.query<{ time: string }>(
      `SELECT time FROM tributary.inbound_connector_logs WHERE run_id = 'ghost-run'`,
    );
    expect(Date.parse(logged[0]!.time)).to.be.at.least(lastLease.getTime());
    const entry = (
      await a.th.logs(
        'platform.inbound_connector_logs | where details.run_id == "ghost-run" | list status, details.host, details.description, details.name, details.scheduled_for',
      )
    )[0];
    expect(entry).to.deep.equal({
      status: 'failure',
      'details.host': 'ghost:9',
      'details.description':
        "Worker lost: ghost:9 stopped renewing the run's lease (killed, crashed or cut off from the database); its sink committed nothing",
      'details.name': 'People',
      'details.scheduled_for': '2026-12-01T10:00:00.000Z',
    });
    await a.coordinator.stopWorking();
    expect((await a.th.run('people')).status).to.equal('success');
  });

  it('refuses host.run while another host runs the connector', async () => {
    const b = await start('b:2');
    const lease = (await b.coordinator.acquire('people')).lease!;
    const a = await start('a:1');
    const error = await a.th.run('people').then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).to.equal('RUN_ALREADY_RUNNING');
    expect(error?.message).to.match(/^people is already running on b:2 \(run /);
    await lease.release();
  });
});
