import { expect } from 'chai';
import nock from 'nock';
import { CancelledError } from '../../core/index.js';
import { assertTyped, rejection } from '../../testing/conformance/typed-failure.js';
import { startLocalServer, type LocalServer } from '../../testing/local-server.js';
import { createHttpClient } from './create-http-client.js';

const once = { retry: { limit: 0 } };

describe('createHttpClient: one attempt on node:http', () => {
  let server: LocalServer | undefined;
  afterEach(() => server?.close());

  for (const code of [301, 302, 307, 308]) {
    it(`follows a ${code} within the origin with the same method and body`, async () => {
      server = await startLocalServer((req, res) => {
        if (req.url === '/from') return void res.writeHead(code, { location: '/to' }).end();
        res.end('{}');
      });
      const response = await createHttpClient().request({ method: 'PUT', url: `${server.url}/from`, json: { a: 1 } });
      expect(response.url).to.equal(`${server.url}/to`);
      expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body} ${r.headers['content-type']}`)).to.deep.equal([
        'PUT /from {"a":1} application/json',
        'PUT /to {"a":1} application/json',
      ]);
    });
  }

  it('turns a POST into a GET without body on a 303', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/token') return void res.writeHead(303, { location: '/result?id=1' }).end();
      res.end('done');
    });
    const response = await createHttpClient().request({
      method: 'POST',
      url: `${server.url}/token`,
      form: { a: 'b' },
      headers: { authorization: 'Bearer abc' },
    });
    expect(response.body).to.equal('done');
    const [, second] = server.requests;
    expect(`${second!.method} ${second!.url} "${second!.body}"`).to.equal('GET /result?id=1 ""');
    expect(second!.headers['content-type']).to.equal(undefined);
    expect(second!.headers['content-length']).to.equal(undefined);
    expect(second!.headers.authorization).to.equal('Bearer abc');
  });

  it('stops a redirect loop after 10 redirects, with a fatal error naming the host', async () => {
    server = await startLocalServer((_req, res, i) => void res.writeHead(302, { location: `/hop-${i + 1}` }).end());
    const error = assertTyped(
      await rejection(createHttpClient().request({ url: `${server.url}/hop-0` }), 'the request'),
    );
    expect(error.code).to.equal('HTTP_TOO_MANY_REDIRECTS');
    expect(error.category).to.equal('fatal');
    expect(error.message).to.include(`${server.url.slice(7)} redirected the request more than 10 times`);
    expect(server.requests).to.have.length(11);
  });

  it('hands back a 3xx whose location is no URL, or that has none', async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/bad') return void res.writeHead(302, { location: 'http://[nope' }).end('moved');
      res.writeHead(301).end();
    });
    const client = createHttpClient();
    const bad = await client.request({ url: `${server.url}/bad` });
    expect([bad.status, bad.headers['location'], bad.body]).to.deep.equal([302, 'http://[nope', 'moved']);
    expect((await client.request({ url: `${server.url}/none` })).status).to.equal(301);
    expect(server.requests).to.have.length(2);
  });

  it('times out a request the server never answers: ETIMEDOUT, a network failure', async () => {
    server = await startLocalServer(() => undefined);
    const error = assertTyped(
      await rejection(createHttpClient(once).request({ url: `${server.url}/slow`, timeoutMs: 50 }), 'the request'),
    );
    expect(error.code).to.equal('HTTP_NETWORK');
    expect(error.category).to.equal('transient');
    expect(error.message).to.match(/^Could not reach 127\.0\.0\.1:\d+ \(ETIMEDOUT\) after 1 attempt$/);
  });

  it('times out an answer whose body never ends', async () => {
    server = await startLocalServer((_req, res) => void res.writeHead(200, { 'content-length': '10' }).write('12345'));
    const error = assertTyped(
      await rejection(createHttpClient(once).request({ url: server.url, timeoutMs: 50 }), 'the request'),
    );
    expect(error.message).to.include('(ETIMEDOUT)');
  });

  it('is cancelled by its signal while the request is in flight', async () => {
    const controller = new AbortController();
    server = await startLocalServer(() => controller.abort(new CancelledError('Cancelled by shutdown')));
    const error = await rejection(
      createHttpClient().request({ url: server.url, signal: controller.signal }),
      'the request',
    );
    expect(error).to.be.instanceOf(CancelledError);
    expect((error as Error).message).to.equal('Cancelled by shutdown');
    expect(server.requests).to.have.length(1);
  });

  it('refuses a URL that does not parse or is not http(s), at once and without quoting it', async () => {
    const client = createHttpClient();
    for (const url of ['not a url ?token=abc', 'ftp://127.0.0.1/x?token=abc']) {
      const error = assertTyped(await rejection(client.request({ url }), url));
      expect(error.code, url).to.equal('HTTP_URL_INVALID');
      expect(error.category, url).to.equal('config');
      expect(error.message, url).not.to.include('token');
    }
  });

  it('keeps the connection open between requests, and joins repeated headers with ", "', async () => {
    const ports: number[] = [];
    server = await startLocalServer((req, res) => {
      ports.push(req.socket.remotePort!);
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end('ok');
    });
    const client = createHttpClient();
    // nock's interceptor opens a connection per request: it steps aside for this test.
    nock.restore();
    let first;
    try {
      first = await client.request({ url: server.url });
      await client.request({ url: server.url });
    } finally {
      nock.activate();
    }
    expect(first.headers['set-cookie']).to.equal('a=1, b=2');
    expect(first.url).to.equal(`${server.url}/`);
    expect(ports).to.have.length(2);
    expect(ports[1]).to.equal(ports[0]);
  });

  it('sends the accept-encoding it can decompress, a user-agent, and lets the caller override them', async () => {
    server = await startLocalServer((_req, res) => res.end());
    const client = createHttpClient();
    await client.request({ url: server.url });
    await client.request({ url: server.url, headers: { 'User-Agent': 'acme/1', 'Accept-Encoding': 'identity' } });
    const [plain, custom] = server.requests;
    expect([plain!.headers['accept-encoding'], plain!.headers['user-agent']]).to.deep.equal([
      'gzip, deflate, br',
      'Tributary',
    ]);
    expect([custom!.headers['accept-encoding'], custom!.headers['user-agent']]).to.deep.equal(['identity', 'acme/1']);
  });
});
