import { expect } from 'chai';
import { startLocalServer, type LocalServer } from '../../../testing.js';
import { salesforceCredential } from './support/fixtures.js';
import { readFixture } from './support/run-fixture.js';

const page = JSON.stringify({
  totalSize: 2,
  done: true,
  records: [
    { attributes: { type: 'User' }, Id: '005A', Username: 'a@acme.com' },
    { attributes: { type: 'User' }, Id: '005B', Username: 'b@acme.com' },
  ],
});

/**
 * Real sockets on 127.0.0.1 (a real dropped connection, as a network does it, rather than nock's simulated error): the instance drops
 * the connection for the first `drops` requests, then answers with one page.
 */
async function instanceDropping(drops: number): Promise<LocalServer> {
  return startLocalServer((req, res, i) => {
    if (i < drops) req.socket.destroy();
    else res.setHeader('content-type', 'application/json').end(page);
  });
}

describe('salesforce-user-attributes read: network failures', () => {
  let server: LocalServer | undefined;
  afterEach(() => server?.close());

  it('retries a dropped connection and counts every attempt as an API call', async () => {
    server = await instanceDropping(1);
    const run = await readFixture(undefined, { credential: salesforceCredential(undefined, { baseUrl: server.url }) });
    expect(run.error).to.equal(undefined);
    expect(run.rows.map((r) => r['Id'])).to.deep.equal(['005A', '005B']);
    expect(run.context.apiCalls).to.equal(2);
    expect(server.requests).to.have.length(2);
  });

  it('gives up after the retry limit with a transient HTTP_NETWORK error naming the host only', async () => {
    server = await instanceDropping(Infinity);
    const run = await readFixture(undefined, { credential: salesforceCredential(undefined, { baseUrl: server.url }) });
    expect(run.error).to.include({ code: 'HTTP_NETWORK', category: 'transient' });
    expect((run.error as Error).message).to.match(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNRESET\) after 4 attempts$/);
    expect(run.context.apiCalls).to.equal(4);
    expect(run.batches).to.have.length(0);
  });
});
