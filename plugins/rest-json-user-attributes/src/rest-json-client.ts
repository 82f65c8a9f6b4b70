import {
  CancelledError,
  FatalError,
  parseJsonBody,
  rateLimitResetDelay,
  retryAfterDelay,
  type RetryPolicy,
  type AuthRequest,
  type AuthSession,
  type Credential,
  type HttpClient,
} from 'tributary-kit';
import { describeUrl, mapHttpError } from './map-http-error.js';
import type { RestJsonParameters } from './parameters.js';

export interface RestJsonClientOptions {
  readonly http: HttpClient;
  readonly credential: Credential | undefined;
  readonly parameters: RestJsonParameters;
  readonly signal: AbortSignal;
  /** Called as each HTTP attempt to the API is sent, retries included (`details.api_calls`). */
  readonly onRequest: () => void;
}

/** One page as fetched: the parsed body and the URL that answered (next links are relative to it). */
export interface FetchedPage {
  readonly body: unknown;
  readonly url: string;
}

export const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A 429 waits until the reset a rate-limit header announces (`X-Rate-Limit-Reset` as Okta sends it,
 * `X-RateLimit-Reset` as GitHub does), else what `Retry-After` asks for; within the host client's cap.
 */
const REST_RETRY: RetryPolicy = Object.freeze<RetryPolicy>({
  retryAfter: (response, now) => {
    const reset =
      response.status === 429
        ? (response.headers['x-rate-limit-reset'] ?? response.headers['x-ratelimit-reset'])
        : undefined;
    return rateLimitResetDelay(reset, now) ?? retryAfterDelay(response, now);
  },
});

/** What this connector asks of each credential type. */
function authRequestFor(
  credential: Credential,
  parameters: RestJsonParameters,
  extra: Pick<AuthRequest, 'force' | 'signal'> = {},
): AuthRequest {
  if (credential.type === 'basic') return { ...extra, basicAs: 'header' };
  return {
    ...extra,
    ...(parameters.scope ? { scope: parameters.scope } : {}),
    ...(parameters.clientAuthentication ? { clientAuthentication: parameters.clientAuthentication } : {}),
  };
}

/** GETs JSON pages with the credential's headers; re-authenticates once when a session is refused (401). */
export class RestJsonClient {
  readonly #options: RestJsonClientOptions;
  #session: AuthSession | undefined;
  /** The origin of the first page: every later page must come from it (credentials go nowhere else). */
  #origin: string | undefined;

  constructor(options: RestJsonClientOptions) {
    this.#options = options;
  }

  /** Authenticates (when there is a credential) and returns the API base URL, if any. */
  async authenticate(force = false): Promise<AuthSession | undefined> {
    const { credential, parameters, signal } = this.#options;
    if (!credential) return undefined;
    if (!this.#session || force) {
      this.#session = await credential.authenticate(
        authRequestFor(credential, parameters, { signal, ...(force ? { force } : {}) }),
      );
    }
    return this.#session;
  }

  /** The first page's URL: `parameters.url`, absolute or relative to the credential's base URL. */
  async firstUrl(): Promise<string> {
    const { url } = this.#options.parameters;
    if (ABSOLUTE_URL.test(url)) return url;
    const session = await this.authenticate();
    if (!session?.baseUrl) {
      throw new FatalError(
        'REST_RELATIVE_URL_WITHOUT_BASE',
        `parameters.url "${url}" is relative but ${session ? "the connector's credentials have no url" : 'the connector has no credentials'} to take a base URL from: give an absolute URL or set the credential's url`,
      );
    }
    return `${session.baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
  }

  async get(url: string): Promise<FetchedPage> {
    if (this.#options.signal.aborted) throw new CancelledError();
    const origin = new URL(url).origin;
    this.#origin ??= origin;
    if (origin !== this.#origin) {
      throw new FatalError(
        'REST_PAGE_ELSEWHERE',
        `the page after ${this.#origin} is on ${origin}, another origin: pages are read from the first page's origin only, so that the connector's credentials and headers never reach another server`,
        { details: { from: this.#origin, to: origin } },
      );
    }
    let response = await this.#send(url, false);
    if (response.status === 401 && this.#options.credential) response = await this.#send(url, true);
    if (response.status < 200 || response.status >= 300) throw mapHttpError(response, url);
    const body = parseJsonBody(response.body);
    if (body === undefined) {
      throw new FatalError(
        'REST_NOT_JSON',
        `${describeUrl(url)} answered HTTP ${response.status} with a body that is not JSON`,
      );
    }
    return { body, url: response.url || url };
  }

  async #send(url: string, force: boolean) {
    const { http, parameters, signal, onRequest } = this.#options;
    const session = await this.authenticate(force);
    return http.request({
      url,
      headers: { accept: 'application/json', ...parameters.headers, ...session?.headers },
      signal,
      retry: REST_RETRY,
      onAttempt: onRequest,
    });
  }
}
