import { expect } from 'chai';
import { ConfigProblemsError } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { serverProblems, serverSettings } from 'tributary-kit/internal/kernel/config/server-settings.js';
import { guardRequest } from '../../host/serve/server/request-guard.js';
import { startTestServer, testPlugin, type TestServer } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { CREDENTIAL_SECRET, OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startFixtureServer } from './start-fixture-server.js';

async function problemsOf(server: object, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await (await createHost({ config: { server }, env, stateDir: ':memory:' })).close();
    return [];
  } catch (error) {
    if (!(error instanceof ConfigProblemsError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('serve: the token rules', () => {
  const stopLater = stoppedAfterEach<TestServer>();

  it('refuses a non-loopback address without a token, a token written in the file, and a short token', async () => {
    expect(await problemsOf({ listen: '0.0.0.0:8080' })).to.deep.equal([
      'server.listen: 0.0.0.0 is not a loopback address: set server.token (from ${ENV} or ${file:}) before listening beyond this machine',
    ]);
    expect(await problemsOf({ listen: 8080, token: 'written-in-the-file-0123456789' })).to.deep.equal([
      'server.token: is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}',
    ]);
    expect(await problemsOf({ listen: 8080, token: '${T}' }, { T: 'short' })).to.deep.equal([
      'server.token: must be at least 16 characters (e.g. openssl rand -hex 32)',
    ]);
    expect(await problemsOf({ listen: 'nowhere' })).to.have.length(1);
    expect(await problemsOf({ listen: '0.0.0.0:8080', token: '${T}' }, { T: OPERATOR_TOKEN })).to.deep.equal([]);
    expect(await problemsOf({ listen: '[::1]:8080' })).to.deep.equal([]);
  });

  it('answers 401 without the token or with a wrong one, and is read-only without a configured token', async () => {
    const server = stopLater(await startFixtureServer());
    let plain = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
    expect((await plain('/api/connectors')).status).to.equal(401);
    expect(
      (await plain('/api/connectors', { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status,
    ).to.equal(401);
    expect((await plain('/api/connectors/good_users/run', { method: 'POST' })).status).to.equal(401);
    expect((await plain('/healthz')).status).to.equal(200);
    expect((await server.fetch('/api/connectors')).status).to.equal(200);
    await server.stop(); // stopping it again after the test does nothing

    const readOnly = stopLater(
      await startTestServer({ config: serverConfig(), plugins: serverPlugins(), env: serverEnv }),
    );
    plain = (path: string, init: RequestInit = {}) => fetch(`${readOnly.url}${path}`, init);
    expect((await plain('/api/connectors')).status).to.equal(200);
    const refused = await plain('/api/connectors/good_users/run', { method: 'POST' });
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as { error: string }).error).to.match(/read-only/);
    expect(
      (
        await plain('/api/connectors/good_users/run', {
          method: 'POST',
          headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
        })
      ).status,
    ).to.equal(403);
  });

  it('accepts each of server.tokens and names the one a request carried', () => {
    const second = `${OPERATOR_TOKEN}-ops`;
    const settings = serverSettings({
      listen: 8080,
      token: OPERATOR_TOKEN,
      tokens: [{ name: 'ops-team', token: second }],
      allowedHosts: [],
    })!;
    const verdict = (token: string) =>
      guardRequest(
        { method: 'POST', headers: { host: '127.0.0.1:8080', authorization: `Bearer ${token}` } },
        'write',
        settings,
      );
    expect(verdict(second)).to.deep.equal({ allowed: true, authorized: true, tokenName: 'ops-team' });
    expect(verdict(OPERATOR_TOKEN)).to.deep.equal({ allowed: true, authorized: true, tokenName: 'token' });
    expect(verdict(`${second}x`)).to.include({ allowed: false, status: 401 });
    const onlyNamed = serverSettings({
      listen: 8080,
      tokens: [{ name: 'ops-team', token: second }],
      allowedHosts: [],
    })!;
    expect(guardRequest({ method: 'POST', headers: { host: '127.0.0.1:8080' } }, 'write', onlyNamed)).to.include({
      allowed: false,
      status: 401,
    });
  });

  it('checks each named token like server.token, refuses a name used twice, and redacts every token', async () => {
    const tokens = [
      { name: 'ops', token: 'written-in-the-file-0123456789' },
      { name: 'ops', token: '${T}' },
      { name: 'token', token: '${SHORT}' },
    ];
    expect(await problemsOf({ listen: 8080, tokens }, { T: OPERATOR_TOKEN, SHORT: 'short' })).to.deep.equal([
      'server.tokens[0].token: is a secret and is never written in the file: use ${ENV_NAME} or ${file:path}',
      'server.tokens[2].token: must be at least 16 characters (e.g. openssl rand -hex 32)',
      'server.tokens[1].name: "ops" is taken by another token: names must differ',
      'server.tokens[2].name: "token" is taken (it names server.token): names must differ',
    ]);
    const second = `${OPERATOR_TOKEN}-ops`;
    const host = await createHost({
      config: { server: { listen: 8080, tokens: [{ name: 'ops', token: '${T}' }] } },
      env: { T: second },
      stateDir: ':memory:',
    });
    try {
      expect(host.redactor.redact(`token ${second}`)).to.not.include(second);
    } finally {
      await host.close();
    }
  });

  it('compares the token exactly: a prefix, a longer value or another case is refused', () => {
    const settings = serverSettings({ listen: 8080, token: OPERATOR_TOKEN, allowedHosts: [] })!;
    const verdict = (token: string) =>
      guardRequest(
        { method: 'GET', headers: { host: '127.0.0.1:8080', authorization: `Bearer ${token}` } },
        'read',
        settings,
      );
    expect(verdict(OPERATOR_TOKEN)).to.deep.equal({ allowed: true, authorized: true, tokenName: 'token' });
    for (const wrong of [OPERATOR_TOKEN.slice(0, -1), `${OPERATOR_TOKEN}x`, OPERATOR_TOKEN.toUpperCase()])
      expect(verdict(wrong)).to.include({ allowed: false, status: 401 });
    expect(serverProblems({ listen: 'localhost:1', allowedHosts: [] }, new Map())).to.deep.equal([]);
  });

  it("never lets a secret reach a route's answer: credentials, the token, or what a plugin route returns", async () => {
    const leaky = testPlugin({
      id: 'leaky-route',
      httpRoutes: [
        {
          method: 'GET',
          path: '/leak',
          access: 'read',
          handle: () => ({ body: { leaked: `${CREDENTIAL_SECRET} and ${OPERATOR_TOKEN}` } }),
        },
      ],
    });
    const server = stopLater(
      await startTestServer({
        config: serverConfig(),
        plugins: [...serverPlugins(), leaky],
        env: serverEnv,
        token: OPERATOR_TOKEN,
      }),
    );
    for (const nqlId of ['good_users', 'broken_users']) {
      const ended = server.nextRunEnd(nqlId);
      await server.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' });
      await ended;
    }
    const runs = (await (await server.fetch('/api/runs')).json()) as { entries: Array<Record<string, string>> };
    const paths = [
      '/healthz',
      '/readyz',
      '/api/connectors',
      '/api/connectors/good_users',
      '/api/connectors/good_users/check',
      '/api/connectors/broken_users/check',
      '/api/runs',
      '/leak',
      '/api/connectors/good_users/run',
      ...runs.entries.map((e) => `/api/runs/${e['details.run_id']}`),
    ];
    const leakedBody = await (await server.fetch('/leak')).text();
    expect(leakedBody).to.include('***');
    for (const path of paths) {
      const text = await (await server.fetch(path, { method: /\/(run|check)$/.test(path) ? 'POST' : 'GET' })).text();
      expect(text, path).not.to.include(CREDENTIAL_SECRET);
      expect(text, path).not.to.include(OPERATOR_TOKEN);
    }
  });
});
