import { expect } from 'chai';
import { CancelledError } from 'tributary-kit';
import { FakeClock, startScriptedServer, testHttpClient, type ScriptedServer } from '../../testing.js';

/** The kit's fault-scenario tools: a scripted HTTP server on 127.0.0.1 and a fake clock. */
describe('tributary-host/testing: startScriptedServer', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer((request) => ({
      body: { page: new URL(request.url, 'http://x').searchParams.get('page') },
    }));
  });
  afterEach(() => server.close());

  it('answers normally, and an injected 429 with its headers once, which the client retries', async () => {
    server.inject({
      status: 429,
      headers: { 'retry-after': '0', 'x-rate-limit-reset': '0' },
      body: { error: 'slow down' },
    });
    const statuses: number[] = [];
    const http = testHttpClient({ onResponse: (r) => void statuses.push(r.status) });
    const response = await http.request({ url: `${server.url}/users?page=1` });
    expect([response.status, JSON.parse(response.body)]).to.deep.equal([200, { page: '1' }]);
    expect(statuses).to.deep.equal([429, 200]);
    expect(server.requests.map((r) => r.url)).to.deep.equal(['/users?page=1', '/users?page=1']);
    expect(server.pendingFaults()).to.equal(0);
  });

  it('aims a fault at the request `match` accepts, and queues faults in order', async () => {
    server.inject({ status: 503, match: (r) => r.url.includes('page=2') });
    server.inject({ status: 401, match: (r) => r.url.includes('page=2') });
    const http = testHttpClient({ retry: { limit: 0 } });
    expect((await http.request({ url: `${server.url}/users?page=1` })).status).to.equal(200);
    expect((await http.request({ url: `${server.url}/users?page=2` })).status).to.equal(503);
    expect((await http.request({ url: `${server.url}/users?page=2` })).status).to.equal(401);
    expect((await http.request({ url: `${server.url}/users?page=2` })).status).to.equal(200);
  });

  it('drops a connection (a network error the client retries) and delays an answer past a timeout', async () => {
    server.inject({ drop: true });
    expect((await testHttpClient().request({ url: `${server.url}/users?page=3` })).status).to.equal(200);
    server.inject({ delayMs: 300, body: 'late' });
    const error = await testHttpClient({ retry: { limit: 0 } })
      .request({ url: `${server.url}/slow`, timeoutMs: 50 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(Error);
  });
});

describe('tributary-host/testing: FakeClock', () => {
  it('sleeps until advanced, and a sleep ends early with the abort reason', async () => {
    const clock = new FakeClock('2026-12-01T00:00:00Z');
    let woke = false;
    const sleeping = clock.sleep(30_000).then(() => (woke = true));
    await clock.advance(29_999);
    expect(woke).to.equal(false);
    await clock.advance(1);
    await sleeping;
    expect(clock.now().toISOString()).to.equal('2026-12-01T00:00:30.000Z');

    const abort = new AbortController();
    const aborted = clock.sleep(60_000, abort.signal).then(
      () => 'woke',
      (e: unknown) => e,
    );
    abort.abort(new CancelledError('stop'));
    expect(await aborted).to.be.instanceOf(CancelledError);
    expect(clock.pending()).to.deep.equal([]);
  });
});
