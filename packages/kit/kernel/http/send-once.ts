import type { OutgoingHttpHeaders } from 'node:http';
import { ConfigError, FatalError, type HttpRequest, type HttpResponse } from '../../core/index.js';
import { decodeBody } from './decode-body.js';
import { ACCEPT_ENCODING, DecompressedTooLarge, decompressBody } from './decompress-body.js';
import { AnswerTooLarge, exchange, type Exchanged, type Outgoing } from './exchange.js';

/** The statuses whose `location` is followed (within the origin). */
const REDIRECTS = new Set([300, 301, 302, 303, 304, 307, 308]);
const MAX_REDIRECTS = 10;

/** `host:port` of a URL, for messages that must not carry a path or a query (which may hold tokens). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

/** `64 MiB`, `1,000 bytes`. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
}

/**
 * The request's URL, refused when it does not parse, is not http(s), or carries `user:password@`
 * (Node.js would send it as an HTTP Basic header, to any host). The messages never quote the URL,
 * whose path or query may hold a token.
 */
function targetOf(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      'HTTP_URL_INVALID',
      'The URL of a request is not a valid URL: an absolute http:// or https:// URL is expected',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      'HTTP_URL_INVALID',
      `The URL of a request to ${url.host || 'a server'} starts with ${url.protocol}//: only http:// and https:// URLs are requested`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigError(
      'HTTP_URL_CREDENTIALS',
      `The URL of ${url.host} carries a user name or password (user:password@): put credentials in a credential entry, never in a URL`,
    );
  }
  return url;
}

/** The request's body and the headers that describe it. */
function bodyOf(request: HttpRequest): { body?: Buffer; headers: OutgoingHttpHeaders } {
  let type: string;
  let body: Buffer;
  if (request.form !== undefined) {
    type = 'application/x-www-form-urlencoded';
    body = Buffer.from(new URLSearchParams(request.form).toString());
  } else if (request.json !== undefined) {
    type = 'application/json';
    body = Buffer.from(JSON.stringify(request.json));
  } else return { headers: {} };
  return { body, headers: { 'content-type': type, 'content-length': body.length } };
}

/** Where a redirect leads, or undefined when its `location` is missing or no URL (the 3xx is the answer). */
function locationOf(answer: Exchanged, from: URL): URL | undefined {
  const location = answer.headers.location;
  if (!REDIRECTS.has(answer.status) || !location) return undefined;
  try {
    // Header values arrive as Latin-1: a UTF-8 location is read back as UTF-8.
    const to = new URL(Buffer.from(location, 'latin1').toString(), from);
    to.username = '';
    to.password = '';
    return to;
  } catch {
    return undefined;
  }
}

/** The error a timed-out request rejects with: `ETIMEDOUT`, a network failure the client retries. */
function timedOut(timeoutMs: number): Error {
  return Object.assign(new Error(`No complete answer within ${timeoutMs.toLocaleString('en-US')} ms`), {
    code: 'ETIMEDOUT',
  });
}

/** The error a cancelled request rejects with (the client turns it into a `CancelledError`). */
function aborted(reason: unknown): Error {
  return Object.assign(new Error('The request was cancelled', { cause: reason }), { code: 'ABORT_ERR' });
}

/**
 * The request sent, and its redirects followed within its origin (at most 10): a 303 turns it into a
 * GET without body, other redirects keep its method and body. The last answer, as sent.
 */
async function follow(
  request: HttpRequest,
  signal: AbortSignal,
  maxBytes: number,
): Promise<{ answer: Exchanged; url: URL }> {
  let url = targetOf(request.url);
  const base = { 'accept-encoding': ACCEPT_ENCODING, 'user-agent': 'Tributary', ...request.headers };
  const sent = bodyOf(request);
  let outgoing: Outgoing = { method: request.method ?? 'GET', headers: { ...base, ...sent.headers }, body: sent.body };
  for (let redirects = 0; ; redirects++) {
    const answer = await exchange(url, outgoing, signal, maxBytes);
    const to = locationOf(answer, url);
    if (to === undefined) return { answer, url };
    if (to.origin !== url.origin) {
      throw new FatalError(
        'HTTP_REDIRECT_ELSEWHERE',
        `${url.origin} redirected the request to ${to.origin}, another origin: Tributary follows redirects only within one origin, so that credentials and request bodies never reach another server (if ${to.origin} is the right server, configure its URL)`,
        { details: { from: url.origin, to: to.origin, status: answer.status } },
      );
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new FatalError(
        'HTTP_TOO_MANY_REDIRECTS',
        `${url.host} redirected the request more than ${MAX_REDIRECTS} times (a redirect loop?): Tributary stops there`,
        { details: { host: url.host, status: answer.status, redirects: MAX_REDIRECTS } },
      );
    }
    if (answer.status === 303 && outgoing.method !== 'GET') outgoing = { method: 'GET', headers: base };
    url = to;
  }
}

/**
 * One attempt of a request: redirects followed within the request's origin only, the answer bounded
 * (as sent and once decompressed) and decoded in its charset, the whole within `timeoutMs`. Throws
 * the client's typed errors for a bad URL, a redirect elsewhere and an answer too large; anything else
 * thrown is a network failure (an `ETIMEDOUT` for the timeout).
 */
export async function sendOnce(request: HttpRequest, timeoutMs: number, maxBytes: number): Promise<HttpResponse> {
  const host = hostOf(request.url);
  const refuse = (what: string): FatalError =>
    new FatalError(
      'HTTP_RESPONSE_TOO_LARGE',
      `${host} answered with more than ${size(maxBytes)} ${what}, the most Tributary reads of one answer`,
      { details: { host, maxResponseBytes: maxBytes } },
    );
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timedOut(timeoutMs)), timeoutMs);
  const onAbort = (): void => controller.abort(aborted(request.signal?.reason));
  if (request.signal?.aborted) onAbort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let sent: { answer: Exchanged; url: URL };
  try {
    sent = await follow(request, controller.signal, maxBytes);
  } catch (error) {
    if (error instanceof AnswerTooLarge) throw refuse('as sent');
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(sent.answer.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: Buffer;
  try {
    body = await decompressBody(sent.answer.body, headers['content-encoding'], maxBytes);
  } catch (error) {
    if (error instanceof DecompressedTooLarge) throw refuse('once decompressed');
    throw error;
  }
  return { status: sent.answer.status, headers, body: decodeBody(body, headers['content-type']), url: sent.url.href };
}
