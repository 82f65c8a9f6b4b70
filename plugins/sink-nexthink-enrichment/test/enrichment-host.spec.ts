import { expect } from 'chai';
import nock from 'nock';
import { silentLogger, type ConfigProblemsError } from '../../../core/index.js';
import { createHost, type Host } from '../../../host/create-host.js';
import { BUILTIN_PLUGINS } from '../../../host/plugins/builtin-plugins.js';
import { syntheticConnector, testHttpClient, testPlugin } from '../../../testing.js';
import enrichmentPlugin from '../index.js';
import { API_BASE } from './enrichment-fakes.js';

const LOGIN = 'https://acme-login.eu.nexthink.cloud';
const PATH = '/api/v1/enrichment/data/fields';

function hostWith(identifier: 'upn' | 'email' = 'upn'): Promise<Host> {
  return createHost({
    config: {
      credentials: [
        { id: 'nexthink', name: 'Nexthink', type: 'oauth2-client-credentials', url: API_BASE, clientId: 'nx-client', clientSecret: '${NX_SECRET}' },
      ],
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
    stateDir: ':memory:',
    logger: silentLogger,
    http: testHttpClient(),
    plugins: [
      ...(BUILTIN_PLUGINS.includes('sink-nexthink-enrichment') ? [] : [enrichmentPlugin]),
      testPlugin({ connectorTemplates: [syntheticConnector({ rows: 12 })] }),
    ],
  });
}

/** The Enrichment sink in the real host, with the built-in oauth2-client-credentials type. */
describe('nexthink-enrichment sink in the host', () => {
  it('gets a token from the login URL (Basic client auth, service:integration) and imports every row', async () => {
    const basic = `Basic ${Buffer.from('nx-client:nx-secret').toString('base64')}`;
    nock(LOGIN)
      .post('/oauth2/default/v1/token', (body: Record<string, string>) => body.grant_type === 'client_credentials' && body.scope === 'service:integration')
      .matchHeader('authorization', basic)
      .reply(200, { access_token: 'nx-token', token_type: 'Bearer', expires_in: 900 });
    let sent: { domain: string; enrichments: unknown[] } | undefined;
    nock(API_BASE)
      .post(PATH, (body: typeof sent) => ((sent = body), true))
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
    nock(LOGIN).post('/oauth2/default/v1/token').reply(200, { access_token: 'nx-token', expires_in: 900 });
    nock(API_BASE)
      .post(PATH)
      .reply(207, {
        status: 'partial_success',
        errors: [{ identification: [{ name: 'user/user/upn', value: 'user3@example.com' }], errors: [{ message: 'Object not found' }] }],
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
      message: 'The Nexthink Enrichment API identifies users by UPN, SID or UID only, not by email address: use identifier: upn with a UPN identification',
    });
  });
});
