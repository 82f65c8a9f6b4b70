import { expect } from 'chai';
import { CancelledError } from 'tributary-kit';
import { fakeCredential } from '../../testing.js';

const bearer = async (credential: ReturnType<typeof fakeCredential>, force?: boolean): Promise<unknown> =>
  (await credential.authenticate(force === undefined ? {} : { force })).headers['Authorization'];

describe('tributary-host/testing: fakeCredential', () => {
  it('keeps the defaults: one token, the example base URL, every request recorded', async () => {
    const credential = fakeCredential();
    expect(await credential.authenticate({ basicAs: 'password-grant' })).to.deep.equal({
      headers: { Authorization: 'Bearer fake-token' },
      baseUrl: 'https://api.example.test',
    });
    expect(await bearer(credential, true)).to.equal('Bearer fake-token');
    expect(credential.requests).to.deep.equal([{ basicAs: 'password-grant' }, { force: true }]);
  });

  it('counts the forced authentications, test() included', async () => {
    const credential = fakeCredential();
    expect(credential.forcedCalls).to.equal(0);
    await credential.authenticate();
    await credential.authenticate({ force: false });
    expect(credential.forcedCalls).to.equal(0);
    await credential.authenticate({ force: true });
    await credential.test();
    expect(credential.forcedCalls).to.equal(2);
    expect(credential.requests).to.have.length(4);
  });

  it('hands out the next of `tokens` on each later forced authentication, then stays on the last', async () => {
    const credential = fakeCredential({ token: 'ignored', tokens: ['token-1', 'token-2', 'token-3'] });
    expect(await bearer(credential)).to.equal('Bearer token-1');
    expect(await bearer(credential)).to.equal('Bearer token-1');
    expect(await bearer(credential, true)).to.equal('Bearer token-2');
    expect(await bearer(credential)).to.equal('Bearer token-2');
    expect(await bearer(credential, true)).to.equal('Bearer token-3');
    expect(await bearer(credential, true)).to.equal('Bearer token-3');
  });

  it('gives a first authentication the first token even when it is forced (a check)', async () => {
    const credential = fakeCredential({ tokens: ['token-1', 'token-2'] });
    await credential.test();
    expect(await bearer(credential)).to.equal('Bearer token-1');
    expect(await bearer(credential, true)).to.equal('Bearer token-2');
  });

  it('fails every authentication, test() included, with the `failWith` error, and still records the request', async () => {
    const failure = new CancelledError();
    const credential = fakeCredential({ failWith: failure, reject: true });
    expect(await credential.authenticate().catch((e: unknown) => e)).to.equal(failure);
    expect(await credential.test().catch((e: unknown) => e)).to.equal(failure);
    expect(credential.requests).to.deep.equal([{}, { force: true }]);
    expect(credential.forcedCalls).to.equal(1);
  });

  it('refuses with FAKE_AUTH_REFUSED when only `reject` is set', async () => {
    const error = await fakeCredential({ name: 'Acme', reject: true })
      .authenticate()
      .catch((e: unknown) => e);
    expect(error).to.include({ code: 'FAKE_AUTH_REFUSED', category: 'auth' });
    expect((error as Error).message).to.equal('Credential "Acme" was refused');
  });
});
