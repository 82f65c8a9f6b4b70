import { expect } from 'chai';
import {
  isTributaryError,
  rateLimitResetDelay,
  retryAfterDelay,
  type HttpResponse,
  type TributaryError,
} from '../../core/index.js';
import { startLocalServer, type LocalServer } from '../../testing/local-server.js';
import { createHttpClient } from './create-http-client.js';

const NOW = Date.parse('2026-12-04T18:00:00Z');

/** A client whose waits are recorded instead of slept, on a clock standing at NOW. */
function recordingClient(waits: number[]) {
  return createHttpClient({
    random: () => 1,
    retry: { baseDelayMs: 10, maxDelayMs: 10 },
    now: () => NOW,
    sleep: async (ms) => void waits.push(ms),
  });
}

function answer(status: number, headers: Record<string, string>): HttpResponse {
  return { status, headers, body: '', url: 'http://127.0.0.1/x' };
}

describe('createHttpClient: Retry-After', () => {
  let server: LocalServer;
  /** Headers of one 429 the server answers to the next request; later requests get a 200. */
  let throttle: Record<string, string> | undefined;
  const setThrottle = (headers: Record<string, string>): void => void (throttle = headers);
  beforeEach(async () => {
    server = await startLocalServer((_req, res) => {
      const headers = throttle;
      throttle = undefined;
      if (headers) return void res.writeHead(429, headers).end('slow down');
      res.end('{"ok":true}');
    });
  });
  afterEach(() => server.close());

  it('waits the seconds Retry-After asks for (red team: 6 s was retried after 425 ms)', async () => {
    setThrottle({ 'retry-after': '6' });
    const waits: number[] = [];
    const response = await recordingClient(waits).request({ url: server.url });
    expect(response.status).to.equal(200);
    expect(waits).to.deep.equal([6000]);
  });

  it('waits until the HTTP date Retry-After names', async () => {
    setThrottle({ 'retry-after': new Date(NOW + 45_000).toUTCString() });
    const waits: number[] = [];
    await recordingClient(waits).request({ url: server.url });
    expect(waits).to.deep.equal([45_000]);
  });

  it('fails at once, clearly, when the wait passes the cap (red team: 3600 s was retried at once)', async () => {
    setThrottle({ 'retry-after': '3600' });
    const waits: number[] = [];
    const error = (await recordingClient(waits)
      .request({ url: `${server.url}/api?token=abc` })
      .catch((e: unknown) => e)) as TributaryError;
    expect(isTributaryError(error)).to.equal(true);
    expect(error.code).to.equal('HTTP_RETRY_AFTER_TOO_LONG');
    expect(error.category).to.equal('transient');
    expect(error.message).to.equal(
      `${server.url.slice(7)} answered HTTP 429 and asked to wait 3,600 s before trying again, longer than the 120 s Tributary waits at most; try again later`,
    );
    expect(waits).to.deep.equal([]);
    expect(server.requests).to.have.length(1);
  });

  it('takes a per-request cap, and a plugin hook for a vendor reset header', async () => {
    setThrottle({ 'x-rate-limit-reset': String(NOW / 1000 + 30) });
    const waits: number[] = [];
    const client = recordingClient(waits);
    await client.request({
      url: server.url,
      retry: {
        retryAfter: (response, now) =>
          rateLimitResetDelay(response.headers['x-rate-limit-reset'], now) ?? retryAfterDelay(response, now),
      },
    });
    expect(waits).to.deep.equal([30_000]);
    setThrottle({ 'retry-after': '20' });
    const error = (await client
      .request({ url: server.url, retry: { maxRetryAfterMs: 10_000 } })
      .catch((e: unknown) => e)) as TributaryError;
    expect(error.code).to.equal('HTTP_RETRY_AFTER_TOO_LONG');
  });

  it('uses the backoff when the answer names no wait, and never asks an answer the policy does not retry', async () => {
    setThrottle({});
    const waits: number[] = [];
    let asked = 0;
    const client = recordingClient(waits);
    await client.request({ url: server.url, retry: { retryAfter: () => void asked++ } });
    expect(waits).to.deep.equal([10]);
    expect(asked).to.equal(1);
    setThrottle({ 'retry-after': '3600' });
    const response = await client.request({ url: server.url, retry: { shouldRetry: () => false } });
    expect(response.status).to.equal(429);
  });

  it('reads Retry-After and vendor reset headers', () => {
    expect(retryAfterDelay(answer(503, { 'retry-after': ' 120 ' }), NOW)).to.equal(120_000);
    expect(retryAfterDelay(answer(503, { 'retry-after': new Date(NOW - 5000).toUTCString() }), NOW)).to.equal(0);
    expect(retryAfterDelay(answer(503, { 'retry-after': 'soon' }), NOW)).to.equal(undefined);
    expect(retryAfterDelay(answer(503, { 'retry-after': '-1' }), NOW)).to.equal(undefined);
    expect(retryAfterDelay(answer(503, {}), NOW)).to.equal(undefined);
    expect(rateLimitResetDelay(String(NOW / 1000 + 12), NOW)).to.equal(12_000);
    expect(rateLimitResetDelay('7', NOW)).to.equal(7000);
    expect(rateLimitResetDelay('x', NOW)).to.equal(undefined);
    expect(rateLimitResetDelay(undefined, NOW)).to.equal(undefined);
  });
});
