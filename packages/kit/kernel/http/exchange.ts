// The modules themselves, not their named exports: a test's interceptor (nock) replaces `request` on
// them, possibly after this module was loaded.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * Connections kept open between requests, reused last-in first-out; an idle one is closed after 5 s
 * (as Node.js's own global agents do). Idle sockets do not keep the process alive.
 */
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const;
const httpAgent = new http.Agent(AGENT_OPTIONS);
const httpsAgent = new https.Agent(AGENT_OPTIONS);

/** One answer as sent: its status, headers and body, not decompressed. */
export interface Exchanged {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What one request sends. */
export interface Outgoing {
  readonly method: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body?: Buffer;
}

/** Thrown when an answer announces or streams more bytes than the limit, as sent. */
export class AnswerTooLarge extends Error {}

/** Node.js's own code for a connection closed in the middle of an answer. */
function connectionReset(): Error {
  return Object.assign(new Error('The connection closed before the answer was complete'), { code: 'ECONNRESET' });
}

/**
 * One HTTP request over `node:http`/`node:https` (no redirect followed), its answer read whole but
 * never past `maxBytes` as sent: the connection is dropped at once beyond it. Rejects with the
 * signal's reason when it aborts, with Node.js's network errors (`ECONNREFUSED`, `ECONNRESET`…)
 * otherwise.
 */
export function exchange(url: URL, outgoing: Outgoing, signal: AbortSignal, maxBytes: number): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return void reject(signal.reason);
    const secure = url.protocol === 'https:';
    const options = { method: outgoing.method, headers: outgoing.headers, agent: secure ? httpsAgent : httpAgent };
    const request = secure ? https.request(url, options) : http.request(url, options);
    let settled = false;
    const onAbort = (): void => fail(signal.reason);
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      return true;
    }
    function fail(error: unknown): void {
      if (!settle()) return;
      request.destroy();
      reject(error);
    }
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', fail);
    request.on('response', (response) => {
      response.on('error', fail);
      if (Number(response.headers['content-length']) > maxBytes) return fail(new AnswerTooLarge());
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return fail(new AnswerTooLarge());
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (settle())
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks, received),
          });
      });
      response.on('close', () => fail(connectionReset()));
    });
    request.end(outgoing.body);
  });
}
