import { createToken } from './token.js';

/** When to try a request again. The client always retries network errors; the rest is the caller's call. */
export interface RetryPolicy {
  /** Attempts after the first. Default 4. */
  readonly limit?: number;
  /** First backoff delay; doubles each attempt, with full jitter. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Cap of one delay. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Decide on an answer: retry it or hand it back. Default: 429 and 5xx are retried. */
  readonly shouldRetry?: (response: HttpResponse) => boolean;
  /**
   * How long the server asked to wait before the next attempt, in milliseconds, or `undefined` when it
   * did not say (the backoff above applies then). Called only for an answer `shouldRetry` retries;
   * `now` is the client's clock in epoch milliseconds. Default: {@link retryAfterDelay}, the standard
   * `Retry-After` header (seconds or an HTTP date). An API that announces its reset another way gets
   * its own, usually falling back to the standard header:
   * `(response, now) => rateLimitResetDelay(response.headers['x-rate-limit-reset'], now) ?? retryAfterDelay(response, now)`.
   */
  readonly retryAfter?: (response: HttpResponse, now: number) => number | undefined;
  /**
   * The longest wait a server may ask for. A longer one is not waited for: the request fails at once
   * with a `TransientError` (code `HTTP_RETRY_AFTER_TOO_LONG`) saying how long the server asked for.
   * Default {@link DEFAULT_MAX_RETRY_AFTER_MS} (2 minutes).
   */
  readonly maxRetryAfterMs?: number;
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  readonly signal?: AbortSignal;
  /** Whole-request timeout. Default 120 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Called as each attempt is sent: the first and every retry, network failures included (`details.api_calls`). */
  readonly onAttempt?: () => void;
  /**
   * The most bytes one answer may have, as sent and once decompressed; beyond it the request fails with
   * a `FatalError` (code `HTTP_RESPONSE_TOO_LARGE`). Default {@link DEFAULT_MAX_RESPONSE_BYTES} (64 MiB).
   */
  readonly maxResponseBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Decoded with the `charset` of `content-type` (UTF-8 when it names none, or one Node does not know). */
  readonly body: string;
  /** The URL that answered (after redirects). */
  readonly url: string;
}

/**
 * The host's HTTP client (`core.http-client`), shared by every plugin: timeouts, retries with
 * exponential backoff and full jitter (or the wait the server asks for with `Retry-After`, up to a
 * cap), cancellation, bounded answers. It never throws for an HTTP status (the caller maps statuses to
 * its own typed errors at its boundary). It throws, naming hosts and never headers or bodies:
 * - after the last retry of a network error, a `TransientError` (code `HTTP_NETWORK`);
 * - for a redirect to another origin (scheme, host or port), which it never follows, so that headers
 *   and bodies (credentials, form secrets) never reach another server: a `FatalError` (code
 *   `HTTP_REDIRECT_ELSEWHERE`) naming both origins. Redirects within one origin are followed, at most
 *   10 (then a `FatalError`, code `HTTP_TOO_MANY_REDIRECTS`);
 * - for an answer over `maxResponseBytes`, a `FatalError` (code `HTTP_RESPONSE_TOO_LARGE`);
 * - for a `Retry-After` over `maxRetryAfterMs`, a `TransientError` (code `HTTP_RETRY_AFTER_TOO_LONG`);
 * - for a URL with userinfo (`https://user:password@…`), a `ConfigError` (code `HTTP_URL_CREDENTIALS`):
 *   credentials travel in a credential's headers, never in a URL;
 * - for a URL that does not parse or is not http(s), a `ConfigError` (code `HTTP_URL_INVALID`), at once.
 * A cancelled request throws a `CancelledError`.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `HttpClientService`. */
export const HttpClientToken = createToken<HttpClient>('core.http-client');

/** Default of {@link HttpRequest.maxResponseBytes}: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Default of {@link RetryPolicy.maxRetryAfterMs}: 2 minutes. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;

/**
 * The wait a standard `Retry-After` header asks for, in milliseconds from `now`: delay-seconds
 * (`Retry-After: 6`) or an HTTP date (`Retry-After: Fri, 04 Dec 2026 18:00:00 GMT`, 0 when past).
 * `undefined` without the header or when it is neither.
 */
export function retryAfterDelay(response: HttpResponse, now: number): number | undefined {
  const value = response.headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) || !/[a-z]/i.test(value) ? undefined : Math.max(0, date - now);
}

/**
 * The wait a vendor's rate-limit reset header asks for (`X-Rate-Limit-Reset`, `X-RateLimit-Reset`), in
 * milliseconds from `now`. Vendors send either the reset time in epoch seconds (Okta, GitHub) or the
 * seconds left (others): a value above 10⁹ is read as epoch seconds, a smaller one as seconds left.
 * `undefined` without a number.
 */
export function rateLimitResetDelay(value: string | undefined, now: number): number | undefined {
  const seconds = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return seconds > 1e9 ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
}

/** Parses a JSON body, or returns undefined when it is not JSON (HTML error pages). */
export function parseJsonBody(body: string): unknown {
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
