import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { startSandbox, type Sandbox } from '../index.js';
import { get, postToken, queryPath } from './sandbox-client.js';

describe('sandbox token endpoint', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ users: 10, credentials: { securityToken: 'TOKEN42' } });
  });
  after(() => sandbox.close());

  const clientCredentials = (): Record<string, string> => ({
    grant_type: 'client_credentials',
    client_id: sandbox.clientId,
    client_secret: sandbox.clientSecret,
  });

  it('issues a Bearer token for client credentials, with instance_url, id, issued_at and signature as Salesforce does', async () => {
    const { status, json, headers } = await postToken(sandbox, clientCredentials());
    expect(status).to.equal(200);
    expect(headers.get('content-type')).to.match(/^application\/json/);
    expect(json.token_type).to.equal('Bearer');
    expect(json.instance_url).to.equal(sandbox.url);
    expect(json.access_token).to.match(/^00D\w{12}!\S{20,}$/);
    expect(json.issued_at).to.match(/^\d{13}$/);
    expect(json.id).to.match(new RegExp(`^${sandbox.url}/id/00D\\w{12}/005\\w{15}$`));
    expect(json).to.not.have.property('expires_in');
    const expected = createHmac('sha256', sandbox.clientSecret).update(`${json.id}${json.issued_at}`).digest('base64');
    expect(json.signature).to.equal(expected);
  });

  it('gives a different token on every request, and each one works', async () => {
    const first = (await postToken(sandbox, clientCredentials())).json.access_token as string;
    const second = (await postToken(sandbox, clientCredentials())).json.access_token as string;
    expect(first).to.not.equal(second);
    for (const token of [first, second])
      expect((await get(sandbox, queryPath('SELECT Id FROM User'), token)).status).to.equal(200);
  });

  it('accepts the client id and secret in an HTTP Basic header', async () => {
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    const { status } = await postToken(
      sandbox,
      { grant_type: 'client_credentials' },
      { Authorization: `Basic ${basic}` },
    );
    expect(status).to.equal(200);
  });

  it('answers a wrong secret with 400 invalid_client', async () => {
    const { status, json } = await postToken(sandbox, { ...clientCredentials(), client_secret: 'wrong' });
    expect(status).to.equal(400);
    expect(json).to.deep.equal({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });

  it('answers an unknown client id with 400 invalid_client_id', async () => {
    const { status, json } = await postToken(sandbox, { ...clientCredentials(), client_id: 'nobody' });
    expect(status).to.equal(400);
    expect(json).to.deep.equal({ error: 'invalid_client_id', error_description: 'client identifier invalid' });
  });

  it('answers an unknown or missing grant type with 400 unsupported_grant_type', async () => {
    const forms: Record<string, string>[] = [
      { ...clientCredentials(), grant_type: 'authorization_code' },
      { client_id: sandbox.clientId },
    ];
    for (const form of forms) {
      const { status, json } = await postToken(sandbox, form);
      expect(status).to.equal(400);
      expect(json.error).to.equal('unsupported_grant_type');
    }
  });

  describe('username-password flow', () => {
    const passwordForm = (password: string): Record<string, string> => ({
      grant_type: 'password',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      username: sandbox.username,
      password,
    });

    it('issues a token for the password with the security token appended', async () => {
      const { status, json } = await postToken(sandbox, passwordForm(`${sandbox.password}TOKEN42`));
      expect(status).to.equal(200);
      expect(json.instance_url).to.equal(sandbox.url);
    });

    it('answers a bad password (or a missing security token) with 400 invalid_grant authentication failure', async () => {
      for (const password of ['wrong', sandbox.password]) {
        const { status, json } = await postToken(sandbox, passwordForm(password));
        expect(status).to.equal(400);
        expect(json).to.deep.equal({ error: 'invalid_grant', error_description: 'authentication failure' });
      }
    });

    it('checks the client secret before the password', async () => {
      const { json } = await postToken(sandbox, { ...passwordForm('wrong'), client_secret: 'bad' });
      expect(json.error).to.equal('invalid_client');
    });
  });

  it('answers the tokenFailure fault with its status and an empty body, then recovers', async () => {
    sandbox.faults.tokenFailure = { status: 503, times: 1 };
    const failed = await postToken(sandbox, clientCredentials());
    expect(failed.status).to.equal(503);
    expect(failed.text).to.equal('');
    expect((await postToken(sandbox, clientCredentials())).status).to.equal(200);
  });

  it('counts token requests apart from API usage', async () => {
    const before = { ...sandbox.stats };
    const usage = sandbox.usage.used;
    await postToken(sandbox, clientCredentials());
    expect(sandbox.stats.tokenRequests).to.equal(before.tokenRequests + 1);
    expect(sandbox.stats.requests).to.equal(before.requests + 1);
    expect(sandbox.stats.queryRequests).to.equal(before.queryRequests);
    expect(sandbox.usage.used).to.equal(usage);
  });

  it('refuses GET on the token endpoint', async () => {
    const response = await fetch(`${sandbox.url}/services/oauth2/token`);
    expect(response.status).to.equal(405);
  });
});
