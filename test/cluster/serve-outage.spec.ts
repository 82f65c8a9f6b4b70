import { expect } from 'chai';
import pg from 'pg';
import { startTestPostgres } from '../../host/testing/index.js';
import { poll, unhandledRejections } from '../../plugins/postgres/test/cluster-host.js';
import { startDatabaseProxy, type DatabaseProxy } from '../../plugins/postgres/test/database-proxy.js';
import { outageProject, type OutageProject } from './outage-project.js';
import { serveInProcess, type ServingProject } from './serve-in-process.js';

interface Entry {
  readonly run_id: string;
  readonly status: string;
  readonly description: string;
}

describe('cluster: serve when the database fails', function () {
  this.timeout(120_000);
  let url: string;
  let db: pg.Client;
  let proxy: DatabaseProxy | undefined;
  let project: OutageProject | undefined;
  let serving: ServingProject | undefined;
  const unhandled = unhandledRejections();
  const readyz = async (url: string) => {
    const response = await fetch(`${url}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
  };
  const entries = async (): Promise<Entry[]> =>
    (await db.query<Entry>('SELECT run_id, status, description FROM tributary.inbound_connector_logs ORDER BY id'))
      .rows;
  const logged = (serve: ServingProject, pattern: RegExp) =>
    poll(`a log line matching ${pattern}`, async () => serve.logger.lines.find((l) => pattern.test(l)));

  beforeEach(async () => {
    url = await (await startTestPostgres()).createDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });
  afterEach(async () => {
    await serving?.stop();
    serving = undefined;
    await proxy?.close();
    proxy = undefined;
    project?.remove();
    project = undefined;
    await db.end();
  });

  it('waits for a database that is down at start, answering /readyz 503 with a reason, then joins and runs the schedule', async () => {
    proxy = await startDatabaseProxy(url, { open: false });
    project = outageProject({ schedule: { cron: '* * * * * *' }, listen: '127.0.0.1:0' });
    serving = await serveInProcess(project, { PG_URL: proxy.url });
    const serve = serving;
    expect(
      await logged(
        serve,
        /^warn: Cannot join the cluster yet: The cluster database cannot be reached: connect ECONNREFUSED .*; trying again in 1 s$/,
      ),
    ).to.be.a('string');
    const waiting = await readyz(serve.url);
    expect(waiting.status).to.equal(503);
    expect(waiting.body.status).to.equal('not ready');
    expect(waiting.body.reason, 'the reason names the database').to.match(/The cluster database cannot be reached/);

    await proxy.restore();
    await logged(serve, /^info: Joined the cluster: scheduling$/);
    await poll('/readyz ready', async () => ((await readyz(serve.url)).status === 200 ? true : undefined));
    const success = await poll('a successful run', async () => (await entries()).find((e) => e.status === 'success'));
    // Nothing but the change ledger's word on a first run: it recorded the run (an initial load).
    expect(success.description).to.match(
      /^Changes: the initial load, not itemised in the change ledger \(every later run is\)$/,
    );
    serving = undefined;
    expect(await serve.stop()).to.equal(0);
    expect(unhandled).to.deep.equal([]);
  });

  it('keeps serving when the database goes away while a run stages rows: that run is logged once, as lost, and the schedule runs again once the database is back', async () => {
    proxy = await startDatabaseProxy(url);
    const outage = proxy;
    let cut = false;
    // The first run's first batch is in the sink's COPY when the database goes away.
    const beforeBatch = async (index: number): Promise<void> =>
      void (index === 1 && !cut && (cut = true) && (await outage.cut()));
    project = outageProject({ schedule: { cron: '* * * * * *' }, listen: '127.0.0.1:0', beforeBatch });
    serving = await serveInProcess(project, { PG_URL: outage.url });
    const serve = serving;
    const started = await logged(
      serve,
      /^info: people: run started for the tick of .* \(run [0-9a-f-]+ on outage:1\)$/,
    );
    const runId = /\(run ([0-9a-f-]+) on/.exec(started)![1]!;
    expect(await logged(serve, /^warn: people: run ended: failure/)).to.match(
      /Could not (stage rows in|commit to) the PostgreSQL user store: the connection to the database was lost/,
    );

    await outage.restore();
    const lost = await poll('the lost run logged', async () => (await entries()).find((e) => e.run_id === runId));
    expect(lost.status).to.equal('failure');
    expect(lost.description).to.match(/^Worker lost: /);
    await poll('a successful run after the outage', async () => (await entries()).find((e) => e.status === 'success'));
    expect((await entries()).filter((e) => e.run_id === runId)).to.have.length(1);
    serving = undefined;
    expect(await serve.stop()).to.equal(0);
    expect(unhandled).to.deep.equal([]);
  });
});
