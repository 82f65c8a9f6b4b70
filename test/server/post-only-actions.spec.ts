import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, countedChecks, serverEnv } from './server-fixture.js';
import { startFixtureServer } from './start-fixture-server.js';

describe('serve: actions take POST and the token', () => {
  const stopLater = stoppedAfterEach<TestServer>();

  it('answers 405 to a GET or HEAD of check or run, without Origin or even with the token, and nothing runs', async () => {
    const { config, plugins, counter } = countedChecks();
    const server = stopLater(await startTestServer({ config, plugins, env: serverEnv, token: OPERATOR_TOKEN }));
    for (const path of ['/api/connectors/held_users/check', '/api/connectors/held_users/run']) {
      const plain = await fetch(`${server.url}${path}`); // what a page on another site can make a browser send
      expect(plain.status, path).to.equal(405);
      expect(plain.headers.get('allow'), path).to.equal('POST');
      const withToken = await server.fetch(path);
      expect(withToken.status, path).to.equal(405);
      expect(((await withToken.json()) as { error: string }).error).to.match(/send it as POST/);
      expect((await server.fetch(path, { method: 'HEAD' })).status, path).to.equal(405);
    }
    expect(counter.started).to.equal(0);
    const { connectors } = (await (await server.fetch('/api/connectors')).json()) as {
      connectors: Array<{ running: boolean; lastRun?: unknown }>;
    };
    expect(connectors.map((c) => [c.running, c.lastRun])).to.deep.equal([[false, undefined]]);
    expect((await server.fetch('/api/connectors/held_users/check', { method: 'POST' })).status).to.equal(200);
    expect(counter.started).to.equal(1);
  });

  it('refuses a check on a read-only server (no server.token)', async () => {
    const { config, plugins, counter } = countedChecks();
    const server = stopLater(await startTestServer({ config, plugins, env: serverEnv }));
    const refused = await fetch(`${server.url}/api/connectors/held_users/check`, { method: 'POST' });
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { error: string }).error).to.match(/read-only/);
    expect(counter.started).to.equal(0);
  });

  it('keeps the read routes on GET', async () => {
    const server = stopLater(await startFixtureServer());
    for (const path of ['/api/connectors', '/api/connectors/good_users', '/api/runs', '/api/runs.csv', '/metrics'])
      expect((await server.fetch(path)).status, path).to.equal(200);
  });
});
