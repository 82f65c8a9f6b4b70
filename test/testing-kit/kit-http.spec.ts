import { expect } from 'chai';
import * as v from 'valibot';
import { credentialUrl, isAllowedCredentialUrl, type ConfigProblemsError, type CredentialType } from 'tributary-kit';
import {
  credentialDirectly,
  fakeCredential,
  startLocalServer,
  startTestHost,
  testHttpClient,
  testPlugin,
  type LocalServer,
} from '../../testing.js';

/** What plugin tests use instead of host internals: the real HTTP client, real credentials, a loopback server. */
describe('tributary-host/testing: the HTTP client, credentials and local server of the kit', () => {
  let server: LocalServer;
  afterEach(() => server?.close());

  it('testHttpClient retries a 503 quickly, as often as `retry.limit` says, and shows every answer to onResponse', async () => {
    server = await startLocalServer((_req, res) => void res.writeHead(503).end());
    const statuses: number[] = [];
    const response = await testHttpClient({
      retry: { limit: 3 },
      onResponse: (r) => void statuses.push(r.status),
    }).request({ url: `${server.url}/x` });
    expect(response.status).to.equal(503);
    expect(statuses).to.deep.equal([503, 503, 503, 503]);
    expect(server.requests.map((r) => r.url)).to.deep.equal(['/x', '/x', '/x', '/x']);
  });

  it('credentialDirectly builds a configured entry with its real built-in type and tells addSecret the tokens', async () => {
    server = await startLocalServer((req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'issued-token', token_type: 'Bearer' }));
    });
    const th = await startTestHost({
      config: {
        credentials: [
          { id: 'api', type: 'oauth2-client-credentials', url: server.url, clientId: 'cid', clientSecret: '${SECRET}' },
        ],
      },
      env: { SECRET: 'the-secret' },
    });
    try {
      const secrets: string[] = [];
      const session = await credentialDirectly(th, 'api', { addSecret: (s) => void secrets.push(s) }).authenticate();
      expect(session.headers).to.deep.include({ Authorization: 'Bearer issued-token' });
      expect(secrets).to.include('issued-token');
      expect(server.requests[0]!.body).to.contain('grant_type=client_credentials');
      expect(() => credentialDirectly(th, 'nope')).to.throw('No credentials entry with id "nope"');
    } finally {
      await th.close();
    }
  });

  it('lets a third-party credential type use the public URL rule and leave name optional (the host names it by its id)', async () => {
    const schema = v.strictObject({
      id: v.string(),
      name: v.optional(v.string()),
      type: v.literal('okta-ssws'),
      url: credentialUrl,
      token: v.string(),
    });
    const oktaType: CredentialType<v.InferOutput<typeof schema>> = {
      type: 'okta-ssws',
      displayName: 'Okta API token',
      schema,
      secretFields: ['token'],
      create: (config) =>
        fakeCredential({
          id: config.id,
          name: config.name ?? config.id,
          type: config.type,
          baseUrl: config.url,
          token: config.token,
        }),
    };
    const config = (url: string) => ({ credentials: [{ id: 'okta', type: 'okta-ssws', url, token: '${OKTA_TOKEN}' }] });
    const options = {
      plugins: [testPlugin({ credentialTypes: [oktaType as CredentialType] })],
      env: { OKTA_TOKEN: 't' },
    };
    const refused = await startTestHost({ config: config('http://acme.okta.com'), ...options }).catch(
      (e: unknown) => e as ConfigProblemsError,
    );
    expect((refused as ConfigProblemsError).problems.map((p) => p.message)).to.deep.equal([
      'must use https (plain http is only allowed for the loopback hosts 127.0.0.1, localhost and [::1])',
    ]);
    expect(isAllowedCredentialUrl('http://localhost:8080')).to.equal(true);
    const th = await startTestHost({ config: config('https://acme.okta.com'), ...options });
    try {
      expect(credentialDirectly(th, 'okta').name).to.equal('okta');
    } finally {
      await th.close();
    }
  });
});
