import { expect } from 'chai';
import { assertTyped, rejection } from '../../testing/conformance/typed-failure.js';
import { startLocalServer, type LocalServer } from '../../testing/local-server.js';
import { createHttpClient } from './create-http-client.js';

const SECRET = 'Rt Zq8v!Kx+9/q=';

describe('createHttpClient: redirects', () => {
  let elsewhere: LocalServer;
  let origin: LocalServer;
  let status = 307;
  beforeEach(async () => {
    // Another origin on this machine: 127.0.0.2 is loopback too.
    elsewhere = await startLocalServer((_req, res) => res.end('{"access_token":"stolen"}'), { host: '127.0.0.2' });
    origin = await startLocalServer((req, res) => {
      if (req.url === '/same') return void res.writeHead(status, { location: '/token-2' }).end();
      if (req.url === '/token-2') return void res.end('{"ok":true}');
      res.writeHead(status, { location: `${elsewhere.url}/steal` }).end();
    });
  });
  afterEach(async () => {
    await origin.close();
    await elsewhere.close();
  });

  for (const code of [301, 302, 303, 307, 308]) {
    it(`never follows a ${code} to another origin: nothing reaches it, and the error names both origins`, async () => {
      status = code;
      const error = assertTyped(
        await rejection(
          createHttpClient().request({
            method: 'POST',
            url: `${origin.url}/token`,
            form: { client_secret: SECRET },
            headers: { authorization: 'Bearer abc' },
          }),
          'the request',
        ),
      );
      expect(error.code).to.equal('HTTP_REDIRECT_ELSEWHERE');
      expect(error.category).to.equal('fatal');
      expect(error.message).to.include(`${origin.url} redirected the request to ${elsewhere.url}, another origin`);
      expect(elsewhere.requests).to.have.length(0);
      expect(origin.requests).to.have.length(1);
    });
  }

  it('follows a redirect within the origin, with its body', async () => {
    const response = await createHttpClient().request({ method: 'POST', url: `${origin.url}/same`, form: { a: 'b' } });
    expect(response.status).to.equal(200);
    expect(response.url).to.equal(`${origin.url}/token-2`);
    expect(origin.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).to.deep.equal([
      'POST /same a=b',
      'POST /token-2 a=b',
    ]);
  });

  it('refuses a URL that carries user:password@, before sending anything', async () => {
    const url = origin.url.replace('http://', 'http://admin:pw@');
    const error = assertTyped(await rejection(createHttpClient().request({ url }), 'the request'));
    expect(error.code).to.equal('HTTP_URL_CREDENTIALS');
    expect(error.category).to.equal('config');
    expect(error.message).not.to.include('pw');
    expect(origin.requests).to.have.length(0);
  });
});
