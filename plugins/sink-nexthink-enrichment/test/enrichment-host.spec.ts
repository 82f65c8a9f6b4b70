import { expect } from 'chai';
import nock from 'nock';
import type { ConfigProblemsError } from 'tributary-kit';
import {
  startTestHost,
  syntheticConnector,
  testPlugin,
  type TestHost,
  type TestHostOptions,
} from '../../../testing.js';
import enrichmentPlugin from '../index.js';
import { API_BASE, ENRICHMENT_PATH, NX_CREDENTIAL, NX_LOGIN } from './enrichment-fakes.js';

function hostWith(
  identifier: 'upn' | 'email' = 'upn',
  credential: Record<string, unknown> = NX_CREDENTIAL,
  options: Pick<TestHostOptions, 'env' | 'allowMissingSecrets'> = {},
): Promise<TestHost> {
  return startTestHost({
    config: {
      credentials: [credential],
      sinks: [{ id: 'adopt', type: 'nexthink-enrichment', credentials: 'nexthink' }],
      connectors: [
        {
          nqlId: 'sf_users',
          name: 'Salesforce users',
          connector: 'synthetic',
          sink: 'adopt',
          mapping: { identification: 'Username', identifier, fields: [{ source: 'Department', target: 'department' }] },
        },
      ],
    },
    env: { NX_SECRET: 'nx-secret' },
    plugins: [enrichmentPlugin, testPlugin({ connectorTemplates: [syntheticConnector({ rows: 12 })] })],
    ...options,
  });
}

/** The Enrichment sink in the real host, with the built-in oauth2-client-credentials type. */
describe('nexthink-enrichment sink in the host', () => {
  it('gets a token from the login URL (Basic client auth, service:integration) and imports every row', async () => {
    const basic = `Basic ${Buffer.from('nx-client:nx-secret').toString('base64')}`;
    nock(NX_LOGIN)
      .post(
        '/oauth2/default/v1/token',
        (body: Record<string, string>) =>
          body.grant_type === 'client_credentials' && body.scope === 'service:integration',
      )
      .matchHeader('authorization', basic)
      .reply(200, { access_token: 'nx-token', token_type: 'Bearer', expires_in: 900 });
    let sent: { domain: string; enrichments: unknown[] } | undefined;
    nock(API_BASE)
      .post(ENRICHMENT_PATH, (body: typeof sent) => ((sent = body), true))
      .matchHeader('authorization', 'Bearer nx-token')
      .reply(200, { status: 'success' });
    const host = await hostWith();
    try {
      const result = await host.run('sf_users');
      expect(result).to.include({ status: 'success', processedRows: 12, importedRows: 12 });
      expect(sent!.domain).to.equal('sf_users');
      expect(sent!.enrichments).to.have.length(12);
    } finally {
      await host.close();
    }
  });

  it('logs a 207 as success with fewer imported rows and the reason in the description', async () => {
    nock(NX_LOGIN).post('/oauth2/default/v1/token').reply(200, { access_token: 'nx-token', expires_in: 900 });
    nock(API_BASE)
      .post(ENRICHMENT_PATH)
      .reply(207, {
        status: 'partial_success',
        errors: [
          {
            identification: [{ name: 'user/user/upn', value: 'user3@example.com' }],
            errors: [{ message: 'Object not found' }],
          },
        ],
      });
    const host = await hostWith();
    try {
      const result = await host.run('sf_users');
      expect(result).to.include({ status: 'success', processedRows: 12, importedRows: 11 });
      expect(result.description).to.contain('Nexthink did not import 1 row: Object not found (e.g. user3@example.com)');
    } finally {
      await host.close();
    }
  });

  it('refuses a connector that identifies users by email before anything runs', async () => {
    const error = (await hostWith('email').catch((e: unknown) => e)) as ConfigProblemsError;
    expect(error.problems).to.deep.include({
      path: 'connectors[0].mapping.identifier',
      message:
        'The Nexthink Enrichment API identifies users by UPN, SID or UID only, not by email address: use identifier: upn with a UPN identification',
    });
  });

  it('refuses a credential of another type, naming the sink entry and the credential', async () => {
    const basic = {
      id: 'nexthink',
      name: 'Nexthink',
      type: 'basic',
      url: API_BASE,
      username: 'nx',
      password: '${NX_SECRET}',
    };
    const error = (await hostWith('upn', basic).catch((e: unknown) => e)) as ConfigProblemsError;
    expect(error.problems).to.deep.equal([
      {
        path: 'sinks[0].credentials',
        message:
          '"nexthink" is of type basic; a nexthink-enrichment sink needs an oauth2-client-credentials entry (the client ID and secret of a Nexthink API credential)',
      },
    ]);
  });

  it('refuses a url the token endpoint cannot be worked out from, unless the credential sets tokenUrl', async () => {
    const proxied = { ...NX_CREDENTIAL, url: 'https://nexthink-proxy.acme.com' };
    const error = (await hostWith('upn', proxied).catch((e: unknown) => e)) as ConfigProblemsError;
    expect(error.problems).to.have.length(1);
    expect(error.problems[0]!.path).to.equal('sinks[0].credentials');
    expect(error.problems[0]!.message)
      .to.contain('credential "nexthink" cannot be worked out from its url')
      .and.contain('set tokenUrl on the credential');

    nock('https://login.acme.com').post('/token').reply(200, { access_token: 'proxy-token', expires_in: 900 });
    nock('https://nexthink-proxy.acme.com')
      .post(ENRICHMENT_PATH)
      .matchHeader('authorization', 'Bearer proxy-token')
      .reply(200, { status: 'success' });
    const host = await hostWith('upn', { ...proxied, tokenUrl: 'https://login.acme.com/token' });
    try {
      expect(await host.run('sf_users')).to.include({ status: 'success', importedRows: 12 });
    } finally {
      await host.close();
    }
  });

  it('leaves the check to the commands that authenticate when a read-only command could not resolve the credential', async () => {
    const host = await hostWith('upn', { ...NX_CREDENTIAL, url: '${NX_URL}' }, { env: {}, allowMissingSecrets: true });
    await host.close();
  });

  it('says nothing about a credential its own type refuses: the host reports that one', async () => {
    const error = (await hostWith('upn', { ...NX_CREDENTIAL, url: 'http://acme.api.eu.nexthink.cloud' }).catch(
      (e: unknown) => e,
    )) as ConfigProblemsError;
    expect(error.problems.map((p) => p.path)).to.deep.equal(['credentials[0].url']);
  });
});
