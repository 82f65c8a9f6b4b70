import { setTimeout as delay } from 'node:timers/promises';
import got, { type Method } from 'got';
import {
  CancelledError,
  TransientError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
} from '../../core/index.js';

export interface HttpClientOptions {
  /** Defaults for every request's retry policy (tests shorten the delays). */
  readonly retry?: Omit<RetryPolicy, 'shouldRetry'>;
  readonly timeoutMs?: number;
  /** Random source for jitter (tests make it deterministic). */
  readonly random?: () => number;
  /** Called for every answer (status only), e.g. to count API calls. */
  readonly onResponse?: (response: HttpResponse) => void;
}

const defaultShouldRetry = (response: HttpResponse): boolean => response.status === 429 || response.status >= 500;

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^attempt)]. */
export function backoffDelay(attempt: number, policy: Required<Omit<RetryPolicy, 'shouldRetry'>>, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * random());
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

/** The host's HTTP client, on got, behind the `core.http-client` contract. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const random = options.random ?? Math.random;

  async function once(request: HttpRequest): Promise<HttpResponse> {
    const response = await got(request.url, {
      method: (request.method ?? 'GET') as Method,
      headers: request.headers ? { ...request.headers } : undefined,
      form: request.form ? { ...request.form } : undefined,
      json: request.json,
      signal: request.signal,
      timeout: { request: request.timeoutMs ?? options.timeoutMs ?? 120_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: true,
      responseType: 'text',
    });
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers, body: response.body, url: response.url };
  }

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const policy = {
        limit: request.retry?.limit ?? options.retry?.limit ?? 4,
        baseDelayMs: request.retry?.baseDelayMs ?? options.retry?.baseDelayMs ?? 500,
        maxDelayMs: request.retry?.maxDelayMs ?? options.retry?.maxDelayMs ?? 30_000,
      };
      const shouldRetry = request.retry?.shouldRetry ?? defaultShouldRetry;
      for (let attempt = 0; ; attempt++) {
        if (request.signal?.aborted) throw new CancelledError(reasonText(request.signal));
        let response: HttpResponse | undefined;
        let failure: unknown;
        try {
          request.onAttempt?.();
          response = await once(request);
          options.onResponse?.(response);
        } catch (error) {
          if (request.signal?.aborted) throw new CancelledError(reasonText(request.signal), { cause: error });
          failure = error;
        }
        if (response && (attempt >= policy.limit || !shouldRetry(response))) return response;
        if (!response && attempt >= policy.limit) {
          const code = (failure as { code?: string }).code ?? 'ERROR';
          throw new TransientError('HTTP_NETWORK', `Could not reach ${hostOf(request.url)} (${code}) after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}`, { details: { host: hostOf(request.url), code } });
        }
        try {
          await delay(backoffDelay(attempt, policy, random), undefined, { signal: request.signal });
        } catch {
          throw new CancelledError(reasonText(request.signal));
        }
      }
    },
  };
}

function reasonText(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : 'Cancelled';
}
