import { expect } from 'chai';
import { CancelledError, isTributaryError } from '../../core/index.js';
import { startLocalServer } from '../../testing/local-server.js';
import { backoffDelay, createHttpClient } from './create-http-client.js';

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };

describe('createHttpClient', () => {
  it('retries 503 and 429 with backoff, then returns the success', async () => {
    const server = await startLocalServer((_req, res, i) => {
      res.statusCode = [503, 429, 200][i] ?? 500;
      res.end(i === 2 ? '{"ok":true}' : 'busy');
    });
    try {
      const response = await createHttpClient(fast).request({ url: `${server.url}/x` });
      expect(response.status).to.equal(200);
      expect(JSON.parse(response.body)).to.deep.equal({ ok: true });
      expect(server.requests).to.have.length(3);
    } finally {
      await server.close();
    }
  });

  it('hands back a status the policy does not retry, and stops after the limit', async () => {
    const server = await startLocalServer((_req, res) => {
      res.statusCode = 500;
      res.end('<html>down</html>');
    });
    try {
      const client = createHttpClient(fast);
      const notRetried = await client.request({ url: server.url, retry: { shouldRetry: () => false } });
      expect(notRetried.status).to.equal(500);
      expect(server.requests).to.have.length(1);
      const exhausted = await client.request({ url: server.url, retry: { limit: 2 } });
      expect(exhausted.status).to.equal(500);
      expect(server.requests).to.have.length(4);
    } finally {
      await server.close();
    }
  });

  it('sends form and JSON bodies and headers', async () => {
    const server = await startLocalServer((_req, res) => res.end('{}'));
    try {
      const client = createHttpClient(fast);
      await client.request({ method: 'POST', url: server.url, form: { a: 'b c' }, headers: { 'x-k': 'v' } });
      await client.request({ method: 'POST', url: server.url, json: { n: 1 } });
      expect(server.requests[0]!.body).to.equal('a=b+c');
      expect(server.requests[0]!.headers['x-k']).to.equal('v');
      expect(server.requests[1]!.body).to.equal('{"n":1}');
      expect(server.requests[1]!.headers['content-type']).to.match(/application\/json/);
    } finally {
      await server.close();
    }
  });

  it('turns a network error into a TransientError naming the host only', async () => {
    const server = await startLocalServer((_req, res) => res.end());
    await server.close();
    const error = await createHttpClient({ retry: { limit: 1, baseDelayMs: 1 } })
      .request({ url: `${server.url}/secret-path?token=abc` })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isTributaryError(error)).to.equal(true);
    expect((error as Error & { code: string }).code).to.equal('HTTP_NETWORK');
    expect((error as Error).message).to.match(/Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 2 attempts/);
    expect((error as Error).message).not.to.include('token');
  });

  it('retries a dropped connection and a timed-out request, reporting every attempt to onAttempt', async () => {
    const server = await startLocalServer((req, res, i) => {
      if (i === 0)
        req.socket.destroy(); // a network error
      else if (i === 1)
        return; // never answers: the request times out
      else res.end('{"ok":true}');
    });
    try {
      let attempts = 0;
      // The timeout ends the second attempt; the third, answered at once, must not reach it even on a loaded machine.
      const response = await createHttpClient(fast).request({
        url: server.url,
        timeoutMs: 2_000,
        onAttempt: () => void attempts++,
      });
      expect(response.status).to.equal(200);
      expect(attempts).to.equal(3);
      expect(server.requests).to.have.length(3);
    } finally {
      await server.close();
    }
  });

  it('is cancelled by its signal, even while waiting to retry', async () => {
    const controller = new AbortController();
    const server = await startLocalServer((_req, res) => {
      res.statusCode = 503;
      res.end();
      controller.abort(new CancelledError('Cancelled by shutdown'));
    });
    try {
      const error = await createHttpClient({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 }, random: () => 1 })
        .request({ url: server.url, signal: controller.signal })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(CancelledError);
      expect((error as Error).message).to.equal('Cancelled by shutdown');
    } finally {
      await server.close();
    }
  });

  it('computes full-jitter exponential delays within the cap', () => {
    const policy = { limit: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, () => 1)).to.equal(100);
    expect(backoffDelay(3, policy, () => 1)).to.equal(800);
    expect(backoffDelay(6, policy, () => 1)).to.equal(1000);
    expect(backoffDelay(6, policy, () => 0.5)).to.equal(500);
  });
});
