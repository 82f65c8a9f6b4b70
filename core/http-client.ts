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
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  /** The URL that answered (after redirects). */
  readonly url: string;
}

/**
 * The host's HTTP client (`core.http-client`), shared by every plugin: timeouts, retries with
 * exponential backoff and full jitter, cancellation. It never throws for an HTTP status (the caller
 * maps statuses to its own typed errors at its boundary); after the last retry of a network error it
 * throws a `TransientError` (code `HTTP_NETWORK`) whose message names the host, never headers or bodies.
 * A cancelled request throws a `CancelledError`.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export const HttpClientToken = createToken<HttpClient>('core.http-client');

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
