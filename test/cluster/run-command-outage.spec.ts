import { expect } from 'chai';
import { startTestPostgres } from '../../host/testing/index.js';
import { unhandledRejections } from '../../plugins/postgres/test/cluster-host.js';
import { startDatabaseProxy, type DatabaseProxy } from '../../plugins/postgres/test/database-proxy.js';
import { runCli } from '../support/run-cli.js';
import { outageProject, type OutageProject } from './outage-project.js';

describe('cluster: tributary run when the database fails', function () {
  this.timeout(60_000);
  let proxy: DatabaseProxy | undefined;
  let project: OutageProject | undefined;
  const unhandled = unhandledRejections();
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    project?.remove();
    project = undefined;
  });

  it('exits 1 with the run logged as failed when the database goes away while the run stages rows (no crash)', async () => {
    proxy = await startDatabaseProxy(await (await startTestPostgres()).createDatabase());
    const outage = proxy;
    let cut = false;
    // The first batch is in the sink's COPY when the database goes away for good.
    project = outageProject({
      beforeBatch: async (index) => void (index === 1 && !cut && (cut = true) && (await outage.cut())),
    });
    const out = await runCli(['run', 'people', '--config', project.configPath], {
      env: { PG_URL: outage.url },
      host: { plugins: [project.plugin] },
    });
    expect(cut).to.equal(true);
    expect(out.code, out.stderr).to.equal(1);
    expect(out.stdout).to.match(/failure/);
    expect(out.stdout).to.match(
      /Could not (stage rows in|commit to) the PostgreSQL user store: the connection to the database was lost \(/,
    );
    expect(out.stderr).to.not.match(/\n\s+at /); // no stack trace
    expect(unhandled).to.deep.equal([]);
  });

  it('exits 1 with one line naming the unreachable database when it is down from the start', async () => {
    proxy = await startDatabaseProxy(await (await startTestPostgres()).createDatabase(), { open: false });
    project = outageProject();
    const out = await runCli(['run', 'people', '--config', project.configPath], {
      env: { PG_URL: proxy.url },
      host: { plugins: [project.plugin] },
    });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.equal('');
    expect(out.stderr).to.equal(
      `error: The cluster database cannot be reached: connect ECONNREFUSED 127.0.0.1:${new URL(proxy.url).port}\n`,
    );
    expect(unhandled).to.deep.equal([]);
  });
});
