import { expect } from 'chai';
import { request } from 'node:http';
import { startTestServer, type TestServer } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startFixtureServer } from './start-fixture-server.js';

/** A raw request, so that Host and Origin can be set as a browser on another site would. */
function raw(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (body += c))
        .on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject).end();
  });
}

describe('serve: the JSON API', () => {
  const stopLater = stoppedAfterEach<TestServer>();

  it('lists connectors, runs one now, refuses a second run while it runs, and serves its log entry', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = stopLater(
      await startTestServer({
        config: serverConfig(),
        plugins: serverPlugins(() => held),
        env: serverEnv,
        token: OPERATOR_TOKEN,
      }),
    );
    expect((await server.fetch('/healthz')).status).to.equal(200);
    expect(await (await server.fetch('/readyz')).json()).to.deep.equal({ status: 'ready' });
    const { connectors } = (await (await server.fetch('/api/connectors')).json()) as {
      connectors: Array<Record<string, unknown>>;
    };
    expect(connectors.map((c) => [c['nqlId'], c['running']])).to.deep.equal([
      ['good_users', false],
      ['broken_users', false],
    ]);

    const ended = server.nextRunEnd('good_users');
    const first = await server.fetch('/api/connectors/good_users/run', { method: 'POST' });
    expect(first.status).to.equal(202);
    const second = await server.fetch('/api/connectors/good_users/run', { method: 'POST' });
    expect(second.status).to.equal(409);
    expect(((await second.json()) as { reason: string }).reason).to.equal('running');
    expect(
      ((await (await server.fetch('/api/connectors/good_users')).json()) as { running: boolean }).running,
    ).to.equal(true);
    release();
    const result = await ended;
    expect(result.status).to.equal('success');

    const page = (await (await server.fetch('/api/runs?limit=10')).json()) as {
      entries: Array<Record<string, unknown>>;
      total: number;
    };
    expect(page.total).to.equal(1);
    expect(page.entries[0]!['details.run_id']).to.equal(result.runId);
    const one = (await (await server.fetch(`/api/runs/${result.runId}`)).json()) as Record<string, unknown>;
    expect(one['details.number_of_processed_rows']).to.equal(25);
    expect((await server.fetch('/api/runs/not-a-run')).status).to.equal(404);
    const last = (await (await server.fetch('/api/connectors/good_users')).json()) as {
      lastRun: Record<string, unknown>;
      lastSuccessAt: string;
    };
    expect(last.lastRun['details.run_id']).to.equal(result.runId);
    expect(last.lastSuccessAt).to.equal(last.lastRun['time']);
    expect((await server.fetch('/api/connectors/nope/run', { method: 'POST' })).status).to.equal(404);
  });

  it("pages NQL queries and answers 400 with the parser's message for a broken one", async () => {
    const server = stopLater(await startFixtureServer());
    for (const nqlId of ['good_users', 'broken_users', 'good_users']) {
      const ended = server.nextRunEnd(nqlId);
      expect((await server.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' })).status).to.equal(202);
      await ended;
    }
    const nql = encodeURIComponent(
      'platform.inbound_connector_logs | where status == success | list details.nql_id, status',
    );
    const page = (await (await server.fetch(`/api/runs?nql=${nql}&limit=1&offset=1`)).json()) as Record<
      string,
      unknown
    >;
    expect(page).to.deep.include({ total: 2, offset: 1, limit: 1, columns: ['details.nql_id', 'status'] });
    expect(page['entries']).to.deep.equal([{ 'details.nql_id': 'good_users', status: 'success' }]);
    const broken = await server.fetch(
      `/api/runs?nql=${encodeURIComponent('platform.inbound_connector_logs | whre x')}`,
    );
    expect(broken.status).to.equal(400);
    expect(((await broken.json()) as { error: string }).error).to.match(/Unexpected token "whre"/);
    const check = (await (await server.fetch('/api/connectors/good_users/check', { method: 'POST' })).json()) as {
      ok: boolean;
      preview: unknown[];
    };
    expect(check.ok).to.equal(true);
    expect(check.preview).to.deep.equal([
      { identifier: 'user0@example.com', fields: { department: 'D0' } },
      { identifier: 'user1@example.com', fields: { department: 'D1' } },
      { identifier: 'user2@example.com', fields: { department: 'D2' } },
    ]);
  });

  it('refuses another Host (DNS rebinding) and another Origin (CSRF), even with the token', async () => {
    const server = stopLater(await startFixtureServer());
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    const port = new URL(server.url).port;
    expect((await raw(server.url, '/api/connectors', { ...auth, host: `127.0.0.1:${port}` })).status).to.equal(200);
    expect((await raw(server.url, '/api/connectors', { ...auth, host: `localhost:${port}` })).status).to.equal(200);
    const rebound = await raw(server.url, '/api/connectors', { ...auth, host: `attacker.example:${port}` });
    expect(rebound.status).to.equal(403);
    expect(rebound.body).to.match(/not allowed/);
    const crossSite = await raw(
      server.url,
      '/api/connectors/good_users/run',
      { ...auth, host: `127.0.0.1:${port}`, origin: 'https://attacker.example' },
      'POST',
    );
    expect(crossSite.status).to.equal(403);
    expect(crossSite.body).to.match(/Cross-origin/);
    const sameSite = await raw(
      server.url,
      '/api/connectors/good_users/run',
      { ...auth, host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
      'POST',
    );
    expect(sameSite.status).to.equal(202);
  });
});
