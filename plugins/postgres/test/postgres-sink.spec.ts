import { expect } from 'chai';
import pg from 'pg';
import { CLUSTER_SCHEMA, migrate } from '../schema.js';
import { ensureUserTables } from '../sink/user-tables.js';
import type { SourceRecord } from 'tributary-kit';
import type { TestHost } from '../../../testing.js';
import { clusterDatabase, clusterHost, perTestCluster, poll } from './cluster-host.js';

/** `tributary users --format json` on the host. */
async function users(host: TestHost, options: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
  const args = Object.entries({ format: 'json', ...options }).flatMap(([name, value]) => [`--${name}`, value]);
  const { code, stdout, stderr } = await host.runCommand('users', args);
  expect(code, stderr).to.equal(0);
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

const tricky = (i: number): SourceRecord => ({
  Username: i === 3 ? 'USER1@example.com' : `user${i}@example.com`,
  Department: ['Sales, EMEA', 'tab\there', 'line\nbreak\r\n', 'back\\slash \\N "quoted"', 'Ünïcode ΟΔΟΣ 😀'][i % 5],
  Level: i,
});

describe('postgres sink', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let url: string;
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));

  it('stores every value exactly (COPY escaping), the last row of a user wins, and users reads it', async () => {
    const host = await clusterHost(url, { rows: 5, record: tricky });
    hosts.push(host);
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('success');
    expect(result.importedRows).to.equal(5);
    const rows = await users(host);
    expect(rows.map((r) => [r.identifier, r.field, r.value, r.connector])).to.deep.equal([
      ['user0@example.com', 'department', 'Sales, EMEA', 'people'],
      ['user0@example.com', 'level', 0, 'people'],
      // user1 and USER1 are one user: the later row wins, with its spelling
      ['USER1@example.com', 'department', 'back\\slash \\N "quoted"', 'people'],
      ['USER1@example.com', 'level', 3, 'people'],
      ['user2@example.com', 'department', 'line\nbreak\r\n', 'people'],
      ['user2@example.com', 'level', 2, 'people'],
      ['user4@example.com', 'department', 'Ünïcode ΟΔΟΣ 😀', 'people'],
      ['user4@example.com', 'level', 4, 'people'],
    ]);
    expect(rows[0]!.updated_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await users(host, { identifier: 'user1@EXAMPLE.com', field: 'level' })).to.have.length(1);
    const { rows: runIds } = await db.query('SELECT DISTINCT run_id FROM tributary.user_attributes');
    expect(runIds).to.deep.equal([{ run_id: result.runId }]);
  });

  it('stores the same data as every sink: a value with a NUL or a lone surrogate rejects its row with the reason, the rest commit', async () => {
    const record = (i: number): SourceRecord => ({
      Username: `user${i}@example.com`,
      Department: i === 2 ? 'Sa\u0000les' : i === 4 ? 'Sales \uD83D' : 'Sales 😀',
      Level: i,
    });
    const host = await clusterHost(url, { rows: 20, record });
    hosts.push(host);
    const result = await host.run('people');
    expect(result.status, result.description).to.equal('partial');
    expect(result.importedRows).to.equal(18);
    expect(result.description).to.include(
      'the value contains a NUL character (U+0000), which no sink can store; the row is rejected',
    );
    const stored = await users(host, { field: 'department' });
    expect(stored).to.have.length(18);
    expect(stored.every((r) => r.value === 'Sales 😀')).to.equal(true);
    const { rows } = await db.query('SELECT status FROM tributary.inbound_connector_logs WHERE run_id = $1', [
      result.runId,
    ]);
    expect(rows).to.deep.equal([{ status: 'partial' }]);
  });

  it('creates its tables safely when hosts start at once: the cluster tables and a sink in the same schema share one lock', async () => {
    // Separate pools, as separate hosts have; `tributary` is the default of both the cluster and the sink schema.
    const pools = Array.from({ length: 6 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const outcomes = await Promise.allSettled(
        pools.map((pool, i) => (i % 2 ? ensureUserTables(pool, CLUSTER_SCHEMA) : migrate(pool))),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).to.deep.equal([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const { rows } = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [CLUSTER_SCHEMA],
    );
    expect(rows.map((r: { table_name: string }) => r.table_name)).to.include.members([
      'inbound_connector_logs',
      'running_runs',
      'user_attributes',
      'users',
    ]);
  });

  it('keeps the previous values when a run fails, and readers never see a half-written set', async () => {
    const first = await clusterHost(url, { rows: 20_000, batchSize: 500 });
    hosts.push(first);
    expect((await first.run('people')).status).to.equal('success');
    const before = await db.query('SELECT count(*)::int AS n, min(run_id) AS run FROM tributary.user_attributes');

    const failing = await clusterHost(url, {
      rows: 20_000,
      batchSize: 500,
      failAt: 15_000,
      record: (i) => ({ Username: `user${i}@example.com`, Department: 'changed', Level: -i }),
    });
    hosts.push(failing);
    const failed = await failing.run('people');
    expect(failed.status).to.equal('failure');
    const after = await db.query(
      'SELECT count(*)::int AS n, min(run_id) AS run, count(*) FILTER (WHERE value = \'"changed"\')::int AS changed FROM tributary.user_attributes',
    );
    expect(after.rows[0]).to.deep.equal({ ...before.rows[0], changed: 0 });

    // A second successful run changes every value: a reader sees all old or all new, never a mix.
    const second = await clusterHost(url, {
      rows: 20_000,
      batchSize: 500,
      record: (i) => ({ Username: `user${i}@example.com`, Department: 'new', Level: i }),
    });
    hosts.push(second);
    const seen = new Set<string>();
    let running = true;
    const reader = (async () => {
      while (running) {
        const { rows } = await db.query<{ old: number; fresh: number }>(
          `SELECT count(*) FILTER (WHERE value <> '"new"' AND field = 'department')::int AS old, count(*) FILTER (WHERE value = '"new"')::int AS fresh FROM tributary.user_attributes`,
        );
        seen.add(`${rows[0]!.old}/${rows[0]!.fresh}`);
      }
    })();
    const result = await second.run('people');
    running = false;
    await reader;
    expect(result.status).to.equal('success');
    expect(
      [...seen].every((s) => s === '20000/0' || s === '0/20000'),
      [...seen].join(' '),
    ).to.equal(true);
  });

  it('commits only while the run holds its lease: a run whose lease is taken away is cancelled, writes nothing and is logged once, as lost', async () => {
    const host = await clusterHost(url, {
      rows: 400,
      batchSize: 100,
      // The third batch waits until the run is cancelled.
      beforeBatch: async (index, { signal }) => {
        if (index === 2)
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
          );
      },
    });
    hosts.push(host);
    const running = host.run('people');
    const lease = await poll(
      'the run holding its lease',
      async () => (await db.query('SELECT run_id FROM tributary.running_runs')).rows[0],
    );
    // As if this worker had been cut off: its lease expires under it.
    await db.query(`UPDATE tributary.running_runs SET lease_until = clock_timestamp()`);
    const result = await running;
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/^Cluster lease lost/);
    const { rows } = await db.query(
      'SELECT status, description, host FROM tributary.inbound_connector_logs WHERE run_id = $1',
      [lease.run_id],
    );
    expect(rows).to.deep.equal([
      {
        status: 'failure',
        description:
          "Worker lost: test-host:1 stopped renewing the run's lease (killed, crashed or cut off from the database); its sink committed nothing",
        host: 'test-host:1',
      },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM tributary.running_runs')).rows).to.deep.equal([{ n: 0 }]);
    expect(
      await db
        .query("SELECT to_regclass('tributary.user_attributes') AS t")
        .then(
          (r) =>
            r.rows[0].t === null ||
            db.query('SELECT count(*)::int AS n FROM tributary.user_attributes').then((c) => c.rows[0].n === 0),
        ),
    ).to.equal(true);
  });
});

describe('postgres cluster: the shrink guard', function () {
  this.timeout(60_000);
  it('compares a run with the baseline another host committed (baselines live in PostgreSQL)', async () => {
    const { url, db } = await clusterDatabase();
    const a = await clusterHost(url, { rows: 1000 }, 'a:1');
    const b = await clusterHost(url, { rows: 100 }, 'b:2');
    try {
      const first = await a.run('people');
      expect(first.status).to.equal('success');
      const { rows } = await db.query('SELECT nql_id, run_id, processed_rows FROM tributary.run_baselines');
      expect(rows).to.deep.equal([{ nql_id: 'people', run_id: first.runId, processed_rows: '1000' }]);
      const shrunk = await b.run('people');
      expect(shrunk.status, shrunk.description).to.equal('failure');
      const stored = await db.query(
        'SELECT count(DISTINCT user_id)::int AS n, min(run_id) AS run FROM tributary.user_attributes',
      );
      expect(stored.rows).to.deep.equal([{ n: 1000, run: first.runId }]);
    } finally {
      await a.close();
      await b.close();
      await db.end();
    }
  });
});
