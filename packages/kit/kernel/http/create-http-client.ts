import { setTimeout as delay } from 'node:timers/promises';
import {
  CancelledError,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  TransientError,
  isTributaryError,
  retryAfterDelay,
  traceSpan,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
  type TraceSpan,
} from '../../core/index.js';
import { httpSpanAttributes } from './http-span-attributes.js';
import { hostOf, sendOnce } from './send-once.js';

export interface HttpClientOptions {
  /** Defaults for every request's retry policy (tests shorten the delays). */
  readonly retry?: Omit<RetryPolicy, 'shouldRetry'>;
  readonly timeoutMs?: number;
  /** Default of every request's `maxResponseBytes`. */
  readonly maxResponseBytes?: number;
  /** Random source for jitter (tests make it deterministic). */
  readonly random?: () => number;
  /** Called for every answer (status only), e.g. to count API calls. */
  readonly onResponse?: (response: HttpResponse) => void;
  /** Waits between attempts; rejects when the signal aborts. Tests inject a fake clock's. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch milliseconds, for `Retry-After` dates. Default `Date.now`. */
  readonly now?: () => number;
}

const defaultShouldRetry = (response: HttpResponse): boolean => response.status === 429 || response.status >= 500;
const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  policy: Required<Pick<RetryPolicy, 'limit' | 'baseDelayMs' | 'maxDelayMs'>>,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * random());
}

function seconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${s.toLocaleString('en-US')} s`;
}

/** The host's HTTP client, on node:http, behind the `core.http-client` contract. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;

  /** The wait before the next attempt: what the server asked for (within the cap), else the backoff. */
  function waitBefore(
    attempt: number,
    response: HttpResponse | undefined,
    request: HttpRequest,
    policy: Required<Pick<RetryPolicy, 'limit' | 'baseDelayMs' | 'maxDelayMs'>>,
  ): number {
    const asked =
      response === undefined
        ? undefined
        : (request.retry?.retryAfter ?? options.retry?.retryAfter ?? retryAfterDelay)(response, now());
    if (asked === undefined || !Number.isFinite(asked)) return backoffDelay(attempt, policy, random);
    const cap = request.retry?.maxRetryAfterMs ?? options.retry?.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    if (asked > cap) {
      const host = hostOf(request.url);
      throw new TransientError(
        'HTTP_RETRY_AFTER_TOO_LONG',
        `${host} answered HTTP ${response!.status} and asked to wait ${seconds(asked)} before trying again, longer than the ${seconds(cap)} Tributary waits at most; try again later`,
        { details: { host, status: response!.status, retryAfterMs: Math.round(asked), maxRetryAfterMs: cap } },
      );
    }
    return Math.max(0, asked);
  }

  /** Every attempt of one request, until an answer that is not retried; the request's span learns its outcome. */
  async function attempts(request: HttpRequest, span: TraceSpan): Promise<HttpResponse> {
    const policy = {
      limit: request.retry?.limit ?? options.retry?.limit ?? 4,
      baseDelayMs: request.retry?.baseDelayMs ?? options.retry?.baseDelayMs ?? 500,
      maxDelayMs: request.retry?.maxDelayMs ?? options.retry?.maxDelayMs ?? 30_000,
    };
    const shouldRetry = request.retry?.shouldRetry ?? defaultShouldRetry;
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? 120_000;
    const maxBytes = request.maxResponseBytes ?? options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted) throw new CancelledError(reasonText(request.signal));
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        request.onAttempt?.();
        response = await sendOnce(request, timeoutMs, maxBytes);
        options.onResponse?.(response);
      } catch (error) {
        if (request.signal?.aborted) throw new CancelledError(reasonText(request.signal), { cause: error });
        if (isTributaryError(error)) throw error;
        failure = error;
      }
      if (response && (attempt >= policy.limit || !shouldRetry(response))) return answered(span, response, attempt);
      if (!response && attempt >= policy.limit) {
        const code = (failure as { code?: string }).code ?? 'ERROR';
        throw new TransientError(
          'HTTP_NETWORK',
          `Could not reach ${hostOf(request.url)} (${code}) after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}`,
          { details: { host: hostOf(request.url), code } },
        );
      }
      const wait = waitBefore(attempt, response, request, policy);
      try {
        await sleep(wait, request.signal);
      } catch {
        throw new CancelledError(reasonText(request.signal));
      }
    }
  }

  return {
    request: (request) =>
      traceSpan(request.method ?? 'GET', httpSpanAttributes(request), (span) => attempts(request, span)),
  };
}

/** The answer handed back, its status and resends on the request's span (an error status fails it). */
function answered(span: TraceSpan, response: HttpResponse, resends: number): HttpResponse {
  span.setAttributes({
    'http.response.status_code': response.status,
    'http.request.resend_count': resends > 0 ? resends : undefined,
  });
  if (response.status >= 400) span.setError(`HTTP ${response.status}`);
  return response;
}

function reasonText(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : 'Cancelled';
}
