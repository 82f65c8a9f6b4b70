/** The change ledger over HTTP: `/api/changes` and `/api/runs/:runId/changes` on a real serve. */
import { expect } from 'chai';
import type { LedgerPage, RunChanges } from 'tributary-kit';
import { startTestServer, testPlugin, type TestServer } from '../../testing.js';
import { ChangingSource } from '../support/changing-source.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { peopleConnector } from '../support/sync-host.js';

const TOKEN = 'ledger-routes-token-0123456789';

describe('serve: the change ledger routes', function () {
  this.timeout(60_000);
  const stopLater = stoppedAfterEach<TestServer>();

  async function serveWith(source: ChangingSource): Promise<TestServer> {
    return stopLater(
      await startTestServer({
        config: {
          sinks: [{ id: 'users', type: 'sqlite' }],
          connectors: [peopleConnector({ sync: null })],
        },
        plugins: [testPlugin({ connectorTemplates: [source.template()] })],
        token: TOKEN,
      }),
    );
  }

  async function runNow(server: TestServer): Promise<string> {
    const ended = server.nextRunEnd('people');
    expect((await server.fetch('/api/connectors/people/run', { method: 'POST' })).status).to.equal(202);
    const result = await ended;
    expect(result.status, result.description).to.equal('success');
    return result.runId;
  }

  it("answers a run's diff and the entries, filtered and paged, and refuses a wrong action", async () => {
    const source = new ChangingSource();
    for (let i = 0; i < 4; i++) source.set(`u${i}@acme.example`, { department: 'Ops' });
    const server = await serveWith(source);
    await runNow(server);
    source.set('u2@acme.example', { department: '<b>Sales</b>' });
    for (const n of [7, 8, 9]) source.set(`u${n}@acme.example`, { department: 'New' });
    const second = await runNow(server);

    const diff = await server.fetch(`/api/runs/${second}/changes`);
    expect(diff.status).to.equal(200);
    expect((await diff.json()) as RunChanges).to.deep.equal({
      runId: second,
      nqlId: 'people',
      total: 4,
      fields: [{ field: 'department', added: 3, changed: 1, cleared: 0, left: 0, flips: 0 }],
    });
    const page = (await (await server.fetch('/api/changes?user=U2@ACME.EXAMPLE')).json()) as LedgerPage;
    expect(page.entries.map((e) => [e.runId === second, e.oldValue, e.newValue, e.action])).to.deep.equal([
      [true, 'Ops', '<b>Sales</b>', 'changed'],
    ]);
    const paged = (await (await server.fetch('/api/changes?action=added&limit=2&offset=1')).json()) as LedgerPage;
    expect({ total: paged.total, shown: paged.entries.length, offset: paged.offset, limit: paged.limit }).to.deep.equal(
      { total: 3, shown: 2, offset: 1, limit: 2 },
    );
    const byRun = (await (await server.fetch(`/api/changes?run=${second}&action=changed`)).json()) as LedgerPage;
    expect(byRun.entries.map((e) => e.identifier)).to.deep.equal(['u2@acme.example']);

    const wrong = await server.fetch('/api/changes?action=renamed');
    expect(wrong.status).to.equal(400);
    expect(((await wrong.json()) as { error: string }).error).to.equal(
      'action must be one of added, changed, cleared, left',
    );
    const flips = await server.fetch('/api/changes?flips=yes');
    expect(flips.status).to.equal(400);
    expect(((await flips.json()) as { error: string }).error).to.equal('flips must be true or false');
    const none = await server.fetch('/api/runs/no-such-run/changes');
    expect(none.status).to.equal(404);
    expect((await fetch(`${server.url}/api/changes`)).status, 'without the token').to.equal(401);
  });
});
