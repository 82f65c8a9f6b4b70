import { expect } from 'chai';
import restJsonPlugin from '../index.js';
import { readAll, readDirectly, recordingSink, startLocalServer, startTestHost, testPlugin } from '../../../testing.js';
import { sendJson } from './support/rest-host.js';

describe('rest-json-user-attributes: oauth2-client-credentials', () => {
  it('asks for the scope with HTTP Basic client authentication and sends the bearer token', async () => {
    const server = await startLocalServer((req, res) => {
      if (req.url === '/oauth2/token')
        return sendJson(res, 200, { access_token: 'tok-abcdef-123', token_type: 'Bearer', expires_in: 600 });
      sendJson(res, 200, [{ name: 'a@acme.example' }]);
    });
    const th = await startTestHost({
      plugins: [restJsonPlugin, testPlugin({ id: 'sink', sinkTypes: [recordingSink()] })],
      env: { SECRET: 'client-secret-xyz' },
      config: {
        credentials: [
          {
            id: 'cc',
            name: 'CC',
            type: 'oauth2-client-credentials',
            url: server.url,
            tokenUrl: `${server.url}/oauth2/token`,
            clientId: 'cid',
            clientSecret: '${SECRET}',
          },
        ],
        sinks: [{ id: 'out', type: 'recording' }],
        connectors: [
          {
            nqlId: 'rest_users',
            name: 'REST users',
            connector: 'rest-json-user-attributes',
            credentials: 'cc',
            parameters: { url: '/api/users', scope: 'users.read', clientAuthentication: 'basic' },
            mapping: { identification: 'name', fields: [{ source: 'name', target: 'login' }] },
          },
        ],
      },
    });
    try {
      expect(await readAll(readDirectly(th, 'rest_users'))).to.deep.equal([{ name: 'a@acme.example' }]);
      const [token, api] = server.requests;
      expect(new URLSearchParams(token!.body).get('scope')).to.equal('users.read');
      expect(token!.headers.authorization).to.equal(`Basic ${Buffer.from('cid:client-secret-xyz').toString('base64')}`);
      expect(api!.url).to.equal('/api/users');
      expect(api!.headers.authorization).to.equal('Bearer tok-abcdef-123');
    } finally {
      await th.close();
      await server.close();
    }
  });
});
