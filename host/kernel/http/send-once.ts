import got, { type Method, type PlainResponse } from 'got';
import { ConfigError, FatalError, type HttpRequest, type HttpResponse } from '../../../core/index.js';
import { decodeBody } from './decode-body.js';
import { ACCEPT_ENCODING, DecompressedTooLarge, decompressBody } from './decompress-body.js';

/** The origin of a URL (`https://host:port`), or the text itself when it does not parse. */
function originOf(url: string | URL): string {
  try {
    return new URL(url).origin;
  } catch {
    return String(url);
  }
}

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

/** Refuses a URL carrying `user:password@`: got would send it as an HTTP Basic header, to any host. */
function assertNoUserinfo(url: string): void {
  if (!url.includes('@')) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // got reports the invalid URL
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(
      'HTTP_URL_CREDENTIALS',
      `The URL of ${parsed.host} carries a user name or password (user:password@): put credentials in a credential entry, never in a URL`,
    );
  }
}

/**
 * One attempt of a request: redirects followed within the request's origin only, the answer bounded
 * (as sent and once decompressed) and decoded in its charset. Throws the client's typed errors for a
 * redirect elsewhere and an answer too large; anything else thrown is a network failure.
 */
export async function sendOnce(request: HttpRequest, timeoutMs: number, maxBytes: number): Promise<HttpResponse> {
  assertNoUserinfo(request.url);
  let refused: { from: string; to: string } | undefined;
  let tooLarge = false;
  const host = hostOf(request.url);
  const refuse = (what: string): FatalError =>
    new FatalError(
      'HTTP_RESPONSE_TOO_LARGE',
      `${host} answered with more than ${size(maxBytes)} ${what}, the most Tributary reads of one answer`,
      {
        details: { host, maxResponseBytes: maxBytes },
      },
    );
  const call = got(request.url, {
    method: (request.method ?? 'GET') as Method,
    headers: { 'accept-encoding': ACCEPT_ENCODING, ...request.headers },
    form: request.form ? { ...request.form } : undefined,
    json: request.json,
    signal: request.signal,
    timeout: { request: timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: (response: PlainResponse) => {
      const from = originOf(response.url);
      let to: string;
      try {
        to = new URL(response.headers.location ?? '', response.url).origin;
      } catch {
        return false; // a location that is no URL: the caller gets the 3xx itself
      }
      if (from === to) return true;
      refused = { from, to };
      return false;
    },
    // Decompressed below, bounded: got's own decompression cannot be capped.
    decompress: false,
    responseType: 'buffer',
  });
  // Bytes as sent (got counts them before any decompression, since it does none).
  call.on('downloadProgress', (progress: { transferred: number; total?: number }) => {
    if (tooLarge || (progress.transferred <= maxBytes && !((progress.total ?? 0) > maxBytes))) return;
    tooLarge = true;
    call.cancel();
  });
  let response: PlainResponse & { body: Buffer };
  try {
    response = await call;
  } catch (error) {
    if (tooLarge) throw refuse('as sent');
    throw error;
  }
  if (refused) {
    throw new FatalError(
      'HTTP_REDIRECT_ELSEWHERE',
      `${refused.from} redirected the request to ${refused.to}, another origin: Tributary follows redirects only within one origin, so that credentials and request bodies never reach another server (if ${refused.to} is the right server, configure its URL)`,
      { details: { from: refused.from, to: refused.to, status: response.statusCode } },
    );
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: Buffer;
  try {
    body = await decompressBody(response.body, headers['content-encoding'], maxBytes);
  } catch (error) {
    if (error instanceof DecompressedTooLarge) throw refuse('once decompressed');
    throw error;
  }
  return { status: response.statusCode, headers, body: decodeBody(body, headers['content-type']), url: response.url };
}
