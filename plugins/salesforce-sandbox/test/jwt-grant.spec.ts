import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { startSandbox, type Sandbox } from '../index.js';
import { JWT_BEARER_GRANT } from '../jwt-grant.js';
import { get, postToken, queryPath } from './sandbox-client.js';

const pair = (): { privateKey: KeyObject; publicPem: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

function assertion(key: KeyObject, claims: Record<string, unknown>, alg = 'RS256'): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

describe('sandbox JWT bearer grant', () => {
  const trusted = pair();
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ users: 5, jwtPublicKey: trusted.publicPem });
  });
  after(() => sandbox.close());

  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: sandbox.clientId,
    sub: sandbox.username,
    aud: 'https://login.salesforce.com',
    exp: Math.floor(Date.now() / 1000) + 120,
    ...overrides,
  });
  const exchange = (jwt: string): ReturnType<typeof postToken> =>
    postToken(sandbox, { grant_type: JWT_BEARER_GRANT, assertion: jwt });

  it('issues a working token for a well-signed assertion (login host or the org URL as audience)', async () => {
    for (const aud of ['https://login.salesforce.com', 'https://test.salesforce.com', sandbox.url]) {
      const { status, json } = await exchange(assertion(trusted.privateKey, claims({ aud })));
      expect(status, aud).to.equal(200);
      expect(json.instance_url).to.equal(sandbox.url);
      expect((await get(sandbox, queryPath('SELECT Id FROM User'), json.access_token)).status).to.equal(200);
    }
  });

  it('rejects each broken assertion with Salesforce’s invalid_grant descriptions', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, string][] = [
      [assertion(pair().privateKey, claims()), 'invalid_grant', 'invalid assertion'],
      [assertion(trusted.privateKey, claims(), 'HS256'), 'invalid_grant', 'invalid assertion'],
      [assertion(trusted.privateKey, claims({ exp: now - 10 })), 'invalid_grant', 'invalid assertion'],
      [assertion(trusted.privateKey, claims({ exp: now + 3600 })), 'invalid_grant', 'invalid assertion'],
      [assertion(trusted.privateKey, claims({ aud: 'https://example.com' })), 'invalid_grant', 'audience is invalid'],
      [
        assertion(trusted.privateKey, claims({ sub: 'someone@else.example' })),
        'invalid_grant',
        "user hasn't approved this consumer",
      ],
      [assertion(trusted.privateKey, claims({ iss: 'other-app' })), 'invalid_client_id', 'client identifier invalid'],
      ['not-a-jwt', 'invalid_grant', 'invalid assertion'],
    ];
    for (const [jwt, error, description] of cases) {
      const { status, json } = await exchange(jwt);
      expect(status).to.equal(400);
      expect(json, description).to.deep.equal({ error, error_description: description });
    }
  });

  it('rejects every assertion when no public key is configured', async () => {
    const keyless = await startSandbox({ users: 1 });
    try {
      const { json } = await postToken(keyless, {
        grant_type: JWT_BEARER_GRANT,
        assertion: assertion(trusted.privateKey, claims({ iss: keyless.clientId })),
      });
      expect(json).to.deep.equal({ error: 'invalid_grant', error_description: 'invalid assertion' });
    } finally {
      await keyless.close();
    }
  });
});
