import { expect } from 'chai';
import { assertTyped, readAll, readDirectly, rejection } from '../../../testing.js';
import { restWorld, sendJson } from './support/rest-host.js';

/** A 429 naming its reset in `headers`, then a page of one user. */
async function throttledOnce(headers: Record<string, string>) {
  return restWorld((_req, res, i) => {
    if (i === 0)
      return void res
        .writeHead(429, { 'content-type': 'application/json', ...headers })
        .end('{"error":{"message":"Too many requests"}}');
    sendJson(res, 200, [{ name: 'ada@acme.example' }]);
  }, {});
}

describe('rest-json-user-attributes: rate limits', () => {
  it('retries a 429 once the X-Rate-Limit-Reset it names has passed', async () => {
    const world = await throttledOnce({ 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) - 1) });
    try {
      expect(await readAll(readDirectly(world.th, 'rest_users'))).to.deep.equal([{ name: 'ada@acme.example' }]);
      expect(world.server.requests).to.have.length(2);
    } finally {
      await world.close();
    }
  });

  it('fails at once, saying how long, when the reset is beyond the wait the client allows', async () => {
    const resets: Array<Record<string, string>> = [
      { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 3650) },
      { 'x-ratelimit-reset': '900' },
      { 'retry-after': '3600' },
    ];
    for (const headers of resets) {
      const world = await throttledOnce(headers);
      try {
        const error = assertTyped(await rejection(readAll(readDirectly(world.th, 'rest_users')), 'read'), [
          'transient',
        ]);
        expect(error.code, JSON.stringify(headers)).to.equal('HTTP_RETRY_AFTER_TOO_LONG');
        expect(error.message, JSON.stringify(headers)).to.match(
          /answered HTTP 429 and asked to wait (3,6\d\d|900) s before trying again, longer than the 120 s Tributary waits at most/,
        );
        expect(world.server.requests).to.have.length(1);
      } finally {
        await world.close();
      }
    }
  });
});
