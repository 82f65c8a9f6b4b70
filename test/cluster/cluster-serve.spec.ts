import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTestPostgres } from '../../host/testing/index.js';
import { poll } from '../../plugins/postgres/test/cluster-host.js';
import { startSandbox, type Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { runCli } from '../support/run-cli.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The real command line (`main(argv)`, as bin/tributary.js runs it) in a child process. */
const CLI = join(HERE, '..', 'scheduler', 'serve-command-child.ts');
const LEASE_SECONDS = 2;
const TICKS = 10;

interface Entry {
  readonly run_id: string;
  readonly nql_id: string;
  readonly status: string;
  readonly description: string;
  readonly host: string;
  readonly scheduled_for: string;
  readonly started_at: string;
  readonly time: string;
  readonly imported_rows: number;
}

/** `tributary serve` in a child process, its output kept. */
function serveProcess(configPath: string, env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    ['--conditions=tributary-source', '--import', 'tsx', CLI, 'serve', '--config', configPath],
    {
      cwd: join(HERE, '..', '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => output };
}

describe('cluster: three serve processes on one PostgreSQL', function () {
  this.timeout(300_000); // above the polls' bounds in tries, 50 ms apart
  let dir: string;
  let sandbox: Sandbox;
  let db: pg.Client;
  const children: ChildProcess[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-cluster-'));
    sandbox = await startSandbox({ users: 600, batchSize: 200, latencyMs: 120 });
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.end().catch(() => undefined);
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every tick once, never overlaps a connector, spreads runs over hosts, logs a killed worker as lost and keeps only committed rows', async () => {
    const url = await (await startTestPostgres()).createDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    const connector = (nqlId: string, field: string, target: string) => ({
      nqlId,
      name: `Sandbox ${field}`,
      connector: 'salesforce-user-attributes',
      credentials: 'sandbox',
      sink: 'users',
      schedule: { cron: '*/2 * * * * *' },
      parameters: { query: `SELECT Username, ${field} FROM User WHERE IsActive = true` },
      mapping: { identification: 'Username', fields: [{ source: field, target }] },
    });
    const config = {
      state: { dir: join(dir, 'state') },
      maxConcurrentRuns: 2,
      cluster: { postgres: '${TRIBUTARY_PG_URL}', leaseSeconds: LEASE_SECONDS },
      credentials: [
        {
          id: 'sandbox',
          type: 'oauth2-client-credentials',
          url: '${SB_URL}',
          clientId: '${SB_ID}',
          clientSecret: '${SB_SECRET}',
        },
      ],
      sinks: [{ id: 'users', type: 'postgres' }],
      connectors: [connector('departments', 'Department', 'department'), connector('titles', 'Title', 'title')],
    };
    const configPath = join(dir, 'tributary.config.json');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const env = {
      TRIBUTARY_PG_URL: url,
      SB_URL: sandbox.url,
      SB_ID: sandbox.clientId,
      SB_SECRET: sandbox.clientSecret,
    };
    const hosts = [serveProcess(configPath, env), serveProcess(configPath, env), serveProcess(configPath, env)];
    children.push(...hosts.map((h) => h.child));
    const hostOf = (pid: number | undefined) => hosts.find((h) => h.child.pid === pid);

    const entries = async (): Promise<Entry[]> =>
      (
        await db
          .query<Entry>('SELECT * FROM tributary.inbound_connector_logs ORDER BY time, id')
          .catch(() => ({ rows: [] as Entry[] }))
      ).rows;

    // A run well under way on some host: SIGKILL that host.
    const victim = await poll(
      'a run in progress for half a second',
      async () => {
        const { rows } = await db
          .query<{ run_id: string; host: string; lease_until: Date }>(
            `SELECT run_id, host, lease_until FROM tributary.running_runs WHERE started_at < clock_timestamp() - interval '500 milliseconds' LIMIT 1`,
          )
          .catch(() => ({ rows: [] as { run_id: string; host: string; lease_until: Date }[] }));
        return rows[0];
      },
      1200,
    );
    const killed = hostOf(Number(victim.host.split(':').pop()));
    expect(killed, `host ${victim.host} is one of ours`).to.not.equal(undefined);
    killed!.child.kill('SIGKILL');
    const killedAt = Date.now();
    // Its last lease, as far as it can be seen: a renewal still under way when it died may extend it later.
    const { rows: leases } = await db.query<{ lease_until: Date }>(
      'SELECT lease_until FROM tributary.running_runs WHERE run_id = $1',
      [victim.run_id],
    );
    const lastLease = leases[0]?.lease_until ?? victim.lease_until;

    const lost = await poll('the killed run logged as lost', async () =>
      (await entries()).find((e) => e.run_id === victim.run_id),
    );
    expect(lost.status).to.equal('failure');
    expect(lost.host).to.equal(victim.host);
    expect(lost.description).to.match(new RegExp(`^Worker lost: ${victim.host} stopped renewing the run's lease`));
    // Logged by a reaping once its lease ran out; how soon after is the scheduling's business: the connector's
    // next run starts after this entry's time (the overlap check below).
    expect(new Date(lost.time).getTime(), 'logged once its lease ran out').to.be.at.least(lastLease.getTime());

    // The two other hosts go on: runs of each connector after the kill, TICKS runs of each in all, and
    // runs spread over more than one host (which hosts take which ticks is the queue's draw: awaited).
    await poll(
      `${TICKS} runs of each connector, 3 of them after the kill, successful runs on two hosts or more`,
      async () => {
        const log = await entries();
        const enough = ['departments', 'titles'].every((id) => {
          const runs = log.filter((e) => e.nql_id === id);
          return runs.length >= TICKS && runs.filter((e) => new Date(e.started_at).getTime() > killedAt).length >= 3;
        });
        const spread = new Set(log.filter((e) => e.status === 'success').map((e) => e.host)).size >= 2;
        return enough && spread ? true : undefined;
      },
      1800,
    );
    for (const host of hosts.filter((h) => h !== killed)) host.child.kill('SIGTERM');
    const codes = await Promise.all(hosts.filter((h) => h !== killed).map((h) => h.exited));
    expect(
      codes.map(([code]) => code),
      hosts.map((h) => h.output()).join('\n----\n'),
    ).to.deep.equal([0, 0]);

    const log = await entries();
    expect(log.filter((e) => e.status === 'success').length, JSON.stringify(log.slice(-3), null, 1)).to.be.at.least(
      2 * TICKS - 4,
    );
    // No tick runs twice.
    const ticks = log.filter((e) => e.scheduled_for !== '').map((e) => `${e.nql_id}@${e.scheduled_for}`);
    expect(new Set(ticks).size, 'ticks that ran').to.equal(ticks.length);
    // No connector's runs overlap: each starts after the previous one ended.
    for (const nqlId of ['departments', 'titles']) {
      const runs = log.filter((e) => e.nql_id === nqlId).sort((a, b) => a.started_at.localeCompare(b.started_at));
      for (let i = 1; i < runs.length; i++) {
        expect(
          runs[i]!.started_at >= runs[i - 1]!.time,
          `${nqlId}: ${runs[i]!.run_id} starts before ${runs[i - 1]!.run_id} ended`,
        ).to.equal(true);
      }
    }
    // The sink holds exactly the rows of each connector's last committed run.
    for (const nqlId of ['departments', 'titles']) {
      const committed = log.filter(
        (e) => e.nql_id === nqlId && (e.status !== 'failure' || /its sink had committed/.test(e.description)),
      );
      const last = committed[committed.length - 1]!;
      const { rows } = await db.query<{ run_id: string; n: string }>(
        'SELECT run_id, count(*) AS n FROM tributary.user_attributes WHERE connector = $1 GROUP BY run_id',
        [nqlId],
      );
      expect(rows.map((r) => ({ runId: r.run_id, rows: Number(r.n) }))).to.deep.equal([
        { runId: last.run_id, rows: Number(last.imported_rows) },
      ]);
    }
    // `logs` on any host sees every host's runs.
    const out = await runCli(
      [
        'logs',
        'platform.inbound_connector_logs | summarize runs = count() by details.host | sort runs desc',
        '--format',
        'json',
        '--config',
        configPath,
      ],
      {
        env,
      },
    );
    expect(out.code, out.stderr).to.equal(0);
    const perHost = JSON.parse(out.stdout) as Array<{ 'details.host': string; runs: number }>;
    expect(perHost.map((r) => r['details.host']).sort()).to.deep.equal([...new Set(log.map((e) => e.host))].sort());
  });
});
