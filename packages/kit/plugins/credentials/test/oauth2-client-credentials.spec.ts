import { expect } from 'chai';
import nock from 'nock';
import {
  AuthenticationError,
  CancelledError,
  FatalError,
  TransientError,
  type AuthSession,
  type HttpClient,
  type HttpRequest,
} from '../../../core/index.js';
import { createClientCredentialsType } from '../oauth2-client-credentials.js';
import { manualClock, parseEntry, recordingContext, testHttpClient } from './credential-test-kit.js';

const SF = 'https://acme.my.salesforce.com';
const TOKEN_PATH = '/services/oauth2/token';
const SECRET = 'sup3r-s3cret-value';
const entry = {
  id: 'sf-prod',
  name: 'Salesforce production',
  type: 'oauth2-client-credentials',
  url: SF,
  clientId: 'consumer-key',
  clientSecret: SECRET,
};
const answer = (token = '00Dxx!token-1', extra: Record<string, unknown> = {}) => ({
  access_token: token,
  instance_url: 'https://acme-instance.my.salesforce.com',
  id: 'https://login.salesforce.com/id/00D/005',
  token_type: 'Bearer',
  issued_at: '1678833535086',
  signature: 'c2lnbmF0dXJl',
  ...extra,
});

function setup(overrides: Record<string, unknown> = {}) {
  const clock = manualClock();
  const context = recordingContext();
  const type = createClientCredentialsType(testHttpClient(), { now: clock.now });
  const credential = type.create(parseEntry(type, { ...entry, ...overrides }), context);
  return { clock, context, credential };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('credentials: oauth2-client-credentials', () => {
  it('posts grant_type, client_id and client_secret in the form body and uses the returned instance_url', async () => {
    const scope = nock(SF, { reqheaders: { 'content-type': /application\/x-www-form-urlencoded/ } })
      .post(TOKEN_PATH, { grant_type: 'client_credentials', client_id: 'consumer-key', client_secret: SECRET })
      .reply(200, answer());
    const { credential } = setup();
    const session = await credential.authenticate();
    expect(session.headers).to.deep.equal({ Authorization: 'Bearer 00Dxx!token-1' });
    expect(session.baseUrl).to.equal('https://acme-instance.my.salesforce.com');
    expect(session.expiresAt).to.equal(undefined);
    expect(session.info).to.deep.include({
      instance_url: 'https://acme-instance.my.salesforce.com',
      token_type: 'Bearer',
    });
    expect(JSON.stringify(session.info)).not.to.include('token-1').and.not.to.include('c2lnbmF0dXJl');
    expect(scope.isDone()).to.equal(true);
  });

  it('sends an HTTP Basic client header and a scope when the consumer asks (Nexthink), with expires_in', async () => {
    const tokenUrl = 'https://acme-login.eu.nexthink.cloud/oauth2/default/v1/token';
    const basic = Buffer.from(`consumer-key:${SECRET}`).toString('base64');
    nock('https://acme-login.eu.nexthink.cloud', { reqheaders: { authorization: `Basic ${basic}` } })
      .post(
        '/oauth2/default/v1/token',
        (body: Record<string, string>) =>
          body.grant_type === 'client_credentials' &&
          body.scope === 'service:integration' &&
          !('client_secret' in body) &&
          !('client_id' in body),
      )
      .reply(200, { access_token: 'nx-token', token_type: 'Bearer', expires_in: 900 });
    const { credential, clock, context } = setup({ url: 'https://acme.api.eu.nexthink.cloud' });
    const session = await credential.authenticate({
      defaultTokenUrl: tokenUrl,
      clientAuthentication: 'basic',
      scope: 'service:integration',
    });
    expect(session.baseUrl).to.equal('https://acme.api.eu.nexthink.cloud');
    expect(session.expiresAt).to.equal(clock.now() + 900_000);
    expect(context.secrets).to.include(basic).and.to.include('nx-token');
  });

  it("prefers the entry's tokenUrl and scope over the consumer's defaults", async () => {
    nock('https://auth.example.com')
      .post('/token', (body: Record<string, string>) => body.scope === 'entry-scope')
      .reply(200, { access_token: 'tok-entry' });
    const { credential } = setup({ tokenUrl: 'https://auth.example.com/token', scope: 'entry-scope' });
    const session = await credential.authenticate({
      defaultTokenUrl: 'https://other.example.com/token',
      scope: 'request-scope',
    });
    expect(session.headers.Authorization).to.equal('Bearer tok-entry');
    expect(session.baseUrl).to.equal(SF);
  });

  it('drops a trailing slash of the API base', async () => {
    nock(SF).post(TOKEN_PATH).reply(200, { access_token: 'tok-slash' });
    const session = await setup({ url: `${SF}/` }).credential.authenticate();
    expect(session.baseUrl).to.equal(SF);
  });

  it('registers every token it obtains for redaction', async () => {
    nock(SF).post(TOKEN_PATH).reply(200, answer('00Dxx!registered'));
    const { credential, context } = setup();
    await credential.authenticate();
    expect(context.secrets).to.include('00Dxx!registered');
  });

  describe('cache', () => {
    it('reuses the session: one token request for two calls', async () => {
      nock(SF).post(TOKEN_PATH).once().reply(200, answer());
      const { credential } = setup();
      const first = await credential.authenticate();
      const second = await credential.authenticate();
      expect(second).to.equal(first);
    });

    it('makes concurrent callers share one in-flight request', async () => {
      nock(SF).post(TOKEN_PATH).once().reply(200, answer());
      const { credential } = setup();
      const sessions = await Promise.all([
        credential.authenticate(),
        credential.authenticate(),
        credential.authenticate({ force: true }),
      ]);
      expect(new Set(sessions).size).to.equal(1);
    });

    it('keeps one session per request shape', async () => {
      nock(SF)
        .post(TOKEN_PATH, (body: Record<string, string>) => body.scope === undefined)
        .reply(200, answer('tok-a'));
      nock(SF)
        .post(TOKEN_PATH, (body: Record<string, string>) => body.scope === 'api')
        .reply(200, answer('tok-b'));
      const { credential } = setup();
      const plain = await credential.authenticate();
      const scoped = await credential.authenticate({ scope: 'api' });
      expect(plain.headers.Authorization).to.equal('Bearer tok-a');
      expect(scoped.headers.Authorization).to.equal('Bearer tok-b');
      expect((await credential.authenticate()).headers.Authorization).to.equal('Bearer tok-a');
    });

    it('asks again with force: true (the session was rejected), and test() always asks', async () => {
      nock(SF).post(TOKEN_PATH).reply(200, answer('tok-1'));
      nock(SF).post(TOKEN_PATH).reply(200, answer('tok-2'));
      nock(SF).post(TOKEN_PATH).reply(200, answer('tok-3'));
      const { credential } = setup();
      await credential.authenticate();
      expect((await credential.authenticate({ force: true })).headers.Authorization).to.equal('Bearer tok-2');
      await credential.test();
      expect((await credential.authenticate()).headers.Authorization).to.equal('Bearer tok-3');
    });

    it('renews a session shortly before its expires_in runs out', async () => {
      nock(SF)
        .post(TOKEN_PATH)
        .reply(200, answer('tok-1', { expires_in: 600 }));
      nock(SF)
        .post(TOKEN_PATH)
        .reply(200, answer('tok-2', { expires_in: 600 }));
      const { credential, clock } = setup();
      await credential.authenticate();
      clock.advance(500_000);
      expect((await credential.authenticate()).headers.Authorization).to.equal('Bearer tok-1');
      clock.advance(60_000);
      expect((await credential.authenticate()).headers.Authorization).to.equal('Bearer tok-2');
    });

    it('does not cache a failure', async () => {
      nock(SF)
        .post(TOKEN_PATH)
        .reply(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
      nock(SF).post(TOKEN_PATH).reply(200, answer('tok-after'));
      const { credential } = setup();
      await rejection(credential.authenticate());
      expect((await credential.authenticate()).headers.Authorization).to.equal('Bearer tok-after');
    });

    it('lets a cancelled caller stop waiting without failing the others', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      nock(SF)
        .post(TOKEN_PATH)
        .reply(async () => {
          await released;
          return [200, answer()];
        });
      const { credential } = setup();
      const controller = new AbortController();
      const cancelled = credential.authenticate({ signal: controller.signal });
      const other = credential.authenticate();
      controller.abort();
      expect(await rejection(cancelled)).to.be.instanceOf(CancelledError);
      release();
      const session: AuthSession = await other;
      expect(session.headers.Authorization).to.equal('Bearer 00Dxx!token-1');
    });
  });

  describe('errors', () => {
    it('turns a token error into an AuthenticationError with the description, without retrying or leaking the secret', async () => {
      nock('https://login.salesforce.com')
        .post(TOKEN_PATH)
        .once()
        .reply(400, { error: 'invalid_grant', error_description: 'request not supported on this domain' });
      const { credential } = setup({ url: 'https://login.salesforce.com' });
      const error = await rejection(credential.authenticate());
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error).to.include({ code: 'AUTH_INVALID_GRANT', category: 'auth' });
      expect(error.message).to.include(
        'login.salesforce.com refused the token request: invalid_grant — request not supported on this domain',
      );
      expect(error.message).to.include('Salesforce production').and.include('sf-prod');
      expect(error.message).not.to.include(SECRET);
      expect(JSON.stringify((error as AuthenticationError).details)).not.to.include(SECRET);
    });

    it('maps a 401 token error the same way', async () => {
      nock(SF)
        .post(TOKEN_PATH)
        .reply(401, { error: 'invalid_client', error_description: 'invalid client credentials' });
      const error = await rejection(setup().credential.authenticate());
      expect(error).to.be.instanceOf(AuthenticationError).and.include({ code: 'AUTH_INVALID_CLIENT' });
      expect(error.message).to.include('invalid_client — invalid client credentials');
    });

    it('retries a 503 and then succeeds', async () => {
      nock(SF).post(TOKEN_PATH).reply(503, '');
      nock(SF).post(TOKEN_PATH).reply(200, answer('tok-after-503'));
      const session = await setup().credential.authenticate();
      expect(session.headers.Authorization).to.equal('Bearer tok-after-503');
    });

    it('gives up after the retries with a TransientError naming the status', async () => {
      nock(SF).post(TOKEN_PATH).times(4).reply(503, '<html>Service Unavailable</html>');
      const error = await rejection(setup().credential.authenticate());
      expect(error).to.be.instanceOf(TransientError).and.include({ code: 'AUTH_TOKEN_ENDPOINT_UNAVAILABLE' });
      expect(error.message).to.include('HTTP 503 (not JSON)');
    });

    it('names the credential when the endpoint stays unreachable after the client retried', async () => {
      const unreachable: HttpClient = {
        request: () =>
          Promise.reject(
            new TransientError('HTTP_NETWORK', 'Could not reach acme.my.salesforce.com (ECONNRESET) after 4 attempts'),
          ),
      };
      const type = createClientCredentialsType(unreachable);
      const credential = type.create(parseEntry(type, entry), recordingContext());
      const error = await rejection(credential.authenticate());
      expect(error).to.be.instanceOf(TransientError).and.include({ code: 'AUTH_TOKEN_ENDPOINT_UNREACHABLE' });
      expect(error.message).to.include('Credential "Salesforce production" (sf-prod)').and.include('ECONNRESET');
    });

    it('passes a retry policy that retries 429 and 5xx but never a token error', async () => {
      const seen: HttpRequest[] = [];
      const recording: HttpClient = {
        request: (request) => {
          seen.push(request);
          return Promise.resolve({ status: 200, headers: {}, body: JSON.stringify(answer()), url: request.url });
        },
      };
      const type = createClientCredentialsType(recording);
      await type.create(parseEntry(type, entry), recordingContext()).authenticate();
      const shouldRetry = seen[0]?.retry?.shouldRetry;
      expect(shouldRetry).to.be.a('function');
      const status = (code: number) => shouldRetry?.({ status: code, headers: {}, body: '', url: SF });
      expect([429, 500, 502, 503].map(status)).to.deep.equal([true, true, true, true]);
      expect([400, 401, 403, 404].map(status)).to.deep.equal([false, false, false, false]);
    });

    it('reports a 200 answer that is not JSON with its status', async () => {
      nock(SF).post(TOKEN_PATH).reply(200, '<html>Login</html>', { 'content-type': 'text/html' });
      const error = await rejection(setup().credential.authenticate());
      expect(error).to.be.instanceOf(FatalError).and.include({ code: 'AUTH_TOKEN_RESPONSE_INVALID' });
      expect(error.message).to.include('HTTP 200 with a body that is not JSON');
    });

    it('refuses an instance_url that is not https, so the token never travels in clear', async () => {
      nock(SF)
        .post(TOKEN_PATH)
        .reply(200, answer('tok-x', { instance_url: 'http://evil.example.com' }));
      const error = await rejection(setup().credential.authenticate());
      expect(error).to.be.instanceOf(FatalError).and.include({ code: 'AUTH_INSTANCE_URL_INSECURE' });
    });

    it('reports a 404 HTML page as a refused token request with its status', async () => {
      nock(SF).post(TOKEN_PATH).reply(404, '<html>Not found</html>');
      const error = await rejection(setup().credential.authenticate());
      expect(error).to.be.instanceOf(AuthenticationError).and.include({ code: 'AUTH_TOKEN_REQUEST_FAILED' });
      expect(error.message).to.include('HTTP 404 (not JSON)');
    });
  });
});
