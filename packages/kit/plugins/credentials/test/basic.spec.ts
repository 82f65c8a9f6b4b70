import { expect } from 'chai';
import nock from 'nock';
import { ConfigError } from '../../../core/index.js';
import { createBasicType } from '../basic.js';
import { parseEntry, recordingContext, testHttpClient } from './credential-test-kit.js';

const SF = 'https://acme.my.salesforce.com';
const entry = {
  id: 'sf-basic',
  name: 'Salesforce basic',
  type: 'basic',
  url: SF,
  username: 'int@acme.com',
  password: 'pa55word',
};

function setup(overrides: Record<string, unknown> = {}) {
  const context = recordingContext();
  const type = createBasicType(testHttpClient());
  return { context, credential: type.create(parseEntry(type, { ...entry, ...overrides }), context) };
}

describe('credentials: basic', () => {
  it('gives a plain HTTP Basic header without any request, registered for redaction', async () => {
    const { credential, context } = setup();
    const session = await credential.authenticate();
    const encoded = Buffer.from('int@acme.com:pa55word').toString('base64');
    expect(session).to.deep.equal({ headers: { Authorization: `Basic ${encoded}` }, baseUrl: SF });
    expect(context.secrets).to.include(encoded);
    await credential.test();
  });

  it('runs the username-password flow with the security token appended to the password', async () => {
    nock(SF)
      .post('/services/oauth2/token', {
        grant_type: 'password',
        client_id: 'consumer-key',
        client_secret: 'consumer-secret',
        username: 'int@acme.com',
        password: 'pa55wordTOKEN123',
      })
      .reply(200, { access_token: '00D!pw-token', instance_url: 'https://acme-instance.my.salesforce.com' });
    const { credential, context } = setup({
      securityToken: 'TOKEN123',
      clientId: 'consumer-key',
      clientSecret: 'consumer-secret',
    });
    const session = await credential.authenticate({ basicAs: 'password-grant' });
    expect(session.headers.Authorization).to.equal('Bearer 00D!pw-token');
    expect(session.baseUrl).to.equal('https://acme-instance.my.salesforce.com');
    expect(context.secrets).to.include('00D!pw-token');
  });

  it('leaves the deprecation warning of the username-password flow to the consumer (once per run, not per credential)', async () => {
    nock(SF).post('/services/oauth2/token').twice().reply(200, { access_token: '00D!pw-token' });
    const { credential, context } = setup({ clientId: 'consumer-key', clientSecret: 'consumer-secret' });
    await credential.authenticate({ basicAs: 'password-grant' });
    await credential.authenticate({ basicAs: 'password-grant', force: true });
    expect(context.warnings).to.deep.equal([]);
  });

  it('requires clientId and clientSecret for the username-password flow', async () => {
    const { credential } = setup({ clientId: 'consumer-key' });
    try {
      await credential.authenticate({ basicAs: 'password-grant' });
      expect.fail('expected a ConfigError');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError).and.include({ code: 'AUTH_CLIENT_REQUIRED' });
      expect((error as Error).message)
        .to.include('clientId and clientSecret')
        .and.not.include('pa55word');
    }
  });
});
