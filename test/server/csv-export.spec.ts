import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startFixtureServer } from './start-fixture-server.js';

describe('serve: the CSV export', () => {
  const stopLater = stoppedAfterEach<TestServer>();

  it('streams the whole result of an NQL query as CSV, quoting as RFC 4180 says', async () => {
    const config = serverConfig();
    const connectors = config.connectors.map((c, i) => (i === 0 ? { ...c, name: 'Good, "quoted" users' } : c));
    const server = stopLater(
      await startTestServer({
        config: { ...config, connectors },
        plugins: serverPlugins(),
        env: serverEnv,
        token: OPERATOR_TOKEN,
      }),
    );
    for (let i = 0; i < 6; i++) {
      for (const nqlId of ['good_users', 'broken_users']) {
        const ended = server.nextRunEnd(nqlId);
        expect((await server.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' })).status).to.equal(202);
        await ended;
      }
    }
    const nql = 'platform.inbound_connector_logs | sort time desc | list details.run_id, details.name, status';
    const page = (await (await server.fetch(`/api/runs?limit=5&nql=${encodeURIComponent(nql)}`)).json()) as {
      total: number;
    };
    expect(page.total).to.equal(12);
    const { entries } = (await (await server.fetch(`/api/runs?limit=500&nql=${encodeURIComponent(nql)}`)).json()) as {
      entries: Array<Record<string, string>>;
    };

    const response = await server.fetch(`/api/runs.csv?nql=${encodeURIComponent(nql)}`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal('attachment; filename="tributary-logs.csv"');
    expect(response.headers.get('transfer-encoding')).to.equal('chunked');
    const lines = (await response.text()).split('\r\n');
    expect(lines.pop()).to.equal('');
    expect(lines[0]).to.equal('details.run_id,details.name,status');
    const quoted = (name: string) => (name.includes(',') ? `"${name.replaceAll('"', '""')}"` : name);
    expect(lines.slice(1)).to.deep.equal(
      entries.map((e) => `${e['details.run_id']},${quoted(e['details.name']!)},${e['status']}`),
    );
    expect(lines.filter((line) => line.endsWith(',"Good, ""quoted"" users",success'))).to.have.length(6);
  });

  it('answers 400 for a query that does not parse, and needs the token like the other reads', async () => {
    const server = stopLater(await startFixtureServer());
    const broken = await server.fetch(
      `/api/runs.csv?nql=${encodeURIComponent('platform.inbound_connector_logs | whre x')}`,
    );
    expect(broken.status).to.equal(400);
    expect(((await broken.json()) as { error: string }).error).to.match(/Unexpected token "whre"/);
    expect((await fetch(`${server.url}/api/runs.csv`)).status).to.equal(401);
    const empty = (await (await server.fetch('/api/runs.csv')).text()).split('\r\n');
    expect(empty).to.have.length(2); // the header line of every field, no entries
    expect(empty[0]).to.match(/^time,status,details\.name,/);
  });
});
