import { expect } from 'chai';
import { createVerify } from 'node:crypto';
import nock from 'nock';
import { JWT_BEARER_GRANT, createJwtBearerType } from '../oauth2-jwt-bearer.js';
import { manualClock, parseEntry, recordingContext, testHttpClient, testRsaKeys } from './credential-test-kit.js';

const SF = 'https://acme.my.salesforce.com';

function setup(overrides: Record<string, unknown> = {}) {
  const clock = manualClock();
  const context = recordingContext();
  const type = createJwtBearerType(testHttpClient(), { now: clock.now });
  const entry = {
    id: 'sf-jwt',
    name: 'Salesforce JWT',
    type: 'oauth2-jwt-bearer',
    url: SF,
    clientId: '3MVG9-consumer-key',
    username: 'int@acme.com',
    privateKey: testRsaKeys().privatePem,
  };
  return { clock, context, credential: type.create(parseEntry(type, { ...entry, ...overrides }), context) };
}

/** Intercepts one token request and hands back the assertion it carried. */
function captureAssertion(): Promise<string> {
  return new Promise((resolve) => {
    nock(SF)
      .post('/services/oauth2/token', (body: Record<string, string>) => {
        if (body.grant_type !== JWT_BEARER_GRANT || typeof body.assertion !== 'string' || 'client_secret' in body)
          return false;
        resolve(body.assertion);
        return true;
      })
      .reply(200, { access_token: '00D!jwt-token', instance_url: SF });
  });
}

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('credentials: oauth2-jwt-bearer', () => {
  it('signs an RS256 assertion that verifies with the public key, with iss, sub, aud and exp within 3 minutes', async () => {
    const assertion = captureAssertion();
    const { credential, clock, context } = setup();
    const session = await credential.authenticate();
    const [header, payload, signature] = (await assertion).split('.') as [string, string, string];
    expect(decode(header)).to.deep.include({ alg: 'RS256' });
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(testRsaKeys().publicKey, Buffer.from(signature, 'base64url'));
    expect(verified).to.equal(true);
    const claims = decode(payload);
    expect(claims).to.deep.include({
      iss: '3MVG9-consumer-key',
      sub: 'int@acme.com',
      aud: 'https://login.salesforce.com',
    });
    const nowSeconds = clock.now() / 1000;
    expect(claims.exp)
      .to.be.a('number')
      .above(nowSeconds)
      .and.at.most(nowSeconds + 180);
    expect(session.headers.Authorization).to.equal('Bearer 00D!jwt-token');
    expect(context.secrets)
      .to.include(await assertion)
      .and.include('00D!jwt-token');
  });

  it("uses the consumer's default audience, and the entry's audience over it", async () => {
    const first = captureAssertion();
    await setup().credential.authenticate({ defaultAudience: 'https://test.salesforce.com' });
    expect(decode((await first).split('.')[1] ?? '').aud).to.equal('https://test.salesforce.com');

    const second = captureAssertion();
    await setup({ audience: 'https://acme.my.site.com' }).credential.authenticate({
      defaultAudience: 'https://test.salesforce.com',
    });
    expect(decode((await second).split('.')[1] ?? '').aud).to.equal('https://acme.my.site.com');
  });

  it('mints a new assertion, with a new exp, when the session is renewed', async () => {
    const first = captureAssertion();
    const { credential, clock } = setup();
    await credential.authenticate();
    clock.advance(3_600_000);
    const second = captureAssertion();
    await credential.authenticate({ force: true });
    const exp = (a: string) => decode(a.split('.')[1] ?? '').exp as number;
    expect(exp(await second) - exp(await first)).to.equal(3600);
  });
});
