import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { recordingSink, startLocalServer, startTestHost, testPlugin, type LocalServer } from '../../../testing.js';
import { sendJson } from './support/rest-host.js';
import { scenarioConfig } from './support/scenarios.js';

const TOKEN = 'pat-3c1f9a7e5d2b';

/** A test host whose `rest_users` connector reads `url` with a `bearer-token` credential (token from `API_TOKEN`). */
async function bearerHost(server: LocalServer, credential: Record<string, unknown>, url: string) {
  const sink = recordingSink();
  const entry = { id: 'api', name: 'API token', type: 'bearer-token', token: '${API_TOKEN}', ...credential };
  const scenario = { name: 'bearer', origin: server.url, parameters: { url }, credentials: () => entry, pages: 1 };
  const th = await startTestHost({
    plugins: [restJsonPlugin, testPlugin({ id: 'sink', sinkTypes: [sink] })],
    env: { API_TOKEN: TOKEN },
    config: scenarioConfig(scenario, server.url),
  });
  return { th, sink };
}

describe('rest-json-user-attributes: bearer-token', () => {
  it('sends Authorization: Bearer with the token and never prints it', async () => {
    const server = await startLocalServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { error: 'no token' });
      sendJson(res, 200, [{ user_name: 'a@acme.example' }, { user_name: 'b@acme.example' }]);
    });
    const { th, sink } = await bearerHost(server, { url: server.url }, 'api/users');
    try {
      const result = await th.run('rest_users');
      expect(result.status, result.description).to.equal('success');
      expect(server.requests.map((r) => [r.url, r.headers.authorization])).to.deep.equal([
        ['/api/users', `Bearer ${TOKEN}`],
      ]);
      expect(sink.committed().map((record) => record.identifier.value)).to.deep.equal([
        'a@acme.example',
        'b@acme.example',
      ]);
      const check = await th.check('rest_users');
      const printed = JSON.stringify([th.logger.lines, result, check, await th.logs()]);
      expect(printed).to.include('bearer-token').and.not.include(TOKEN);
    } finally {
      await th.close();
      await server.close();
    }
  });

  it('sends the bare token in a custom header, without a url on the credential', async () => {
    const server = await startLocalServer((_req, res) => sendJson(res, 200, [{ user_name: 'a@acme.example' }]));
    const { th } = await bearerHost(server, { header: 'X-API-Key' }, `${server.url}/api/users`);
    try {
      expect((await th.run('rest_users')).status).to.equal('success');
      expect(server.requests[0]!.headers['x-api-key']).to.equal(TOKEN);
      expect(server.requests[0]!.headers.authorization).to.equal(undefined);
    } finally {
      await th.close();
      await server.close();
    }
  });

  it('sends an Okta-style SSWS token with scheme: SSWS', async () => {
    const server = await startLocalServer((req, res) => {
      if (req.headers.authorization !== `SSWS ${TOKEN}`) return sendJson(res, 401, { errorCode: 'E0000011' });
      sendJson(res, 200, [{ user_name: 'a@acme.example' }]);
    });
    const { th } = await bearerHost(server, { url: server.url, scheme: 'SSWS' }, 'api/v1/users');
    try {
      const result = await th.run('rest_users');
      expect(result.status, result.description).to.equal('success');
      expect(server.requests.map((r) => r.headers.authorization)).to.deep.equal([`SSWS ${TOKEN}`]);
    } finally {
      await th.close();
      await server.close();
    }
  });

  it('fails clearly on a relative parameters.url when the credential has no url', async () => {
    const server = await startLocalServer((_req, res) => sendJson(res, 200, []));
    const { th } = await bearerHost(server, {}, 'api/users');
    try {
      const result = await th.run('rest_users');
      expect(result.status).to.equal('failure');
      expect(result.description).to.include(
        `parameters.url "api/users" is relative but the connector's credentials have no url`,
      );
      expect(server.requests).to.have.length(0);
    } finally {
      await th.close();
      await server.close();
    }
  });

  it('redacts the token when a refusal echoes it', async () => {
    const server = await startLocalServer((_req, res) =>
      sendJson(res, 401, { error: { message: `token ${TOKEN} is revoked` } }),
    );
    const { th } = await bearerHost(server, { url: server.url }, 'api/users');
    try {
      const result = await th.run('rest_users');
      expect(result.status).to.equal('failure');
      expect(result.description).to.include('HTTP 401').and.include('is revoked').and.not.include(TOKEN);
      expect(JSON.stringify([th.logger.lines, await th.logs()])).not.to.include(TOKEN);
      expect(server.requests).to.have.length(2);
    } finally {
      await th.close();
      await server.close();
    }
  });
});
