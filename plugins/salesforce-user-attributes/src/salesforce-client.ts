import {
  CancelledError,
  type AuthSession,
  type Credential,
  type HttpClient,
  type HttpResponse,
  type RetryPolicy,
} from 'tributary-kit';
import { performance } from 'node:perf_hooks';
import { authRequestFor } from './auth-request.js';
import { assertQuota, parseApiUsage, passesQuota, type ApiUsage } from './limit-info.js';
import { isRetryableResponse, mapSalesforceError } from './map-salesforce-error.js';
import { toQueryPage, type QueryPage } from './query-page.js';

export type { QueryPage } from './query-page.js';

/** Backoff of the host client's retries; injectable so that tests do not wait. */
export type RetryDelays = Pick<RetryPolicy, 'limit' | 'baseDelayMs' | 'maxDelayMs'>;

export interface SalesforceClientOptions {
  readonly http: HttpClient;
  readonly credential: Credential;
  readonly apiVersion: string;
  readonly batchSize: number;
  readonly maxApiUsagePercent: number;
  /** Called once per request sent, retries included (`details.api_calls`). */
  readonly onRequest: () => void;
  readonly retry?: RetryDelays;
  readonly timeoutMs?: number;
  /** Milliseconds on a monotonic clock (default `performance.now`), to time the answers (`lastAnswerMs`). */
  readonly now?: () => number;
}

/** A request to the org's API, relative to its instance URL. */
export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export interface QueryPlan {
  readonly query: string;
  readonly queryAll: boolean;
}

/**
 * The Salesforce REST boundary: holds the session, sends query requests through the host's client
 * (retrying exactly the retryable answers), runs the quota guard on every answer and maps failures,
 * once, to typed errors.
 */
export class SalesforceClient {
  #session: Promise<AuthSession> | undefined;
  #lastUsage: ApiUsage | undefined;
  #firstAnswerAt: number | undefined;
  #lastAttemptAt = Number.NaN;
  #lastAnswerMs = Number.NaN;
  #lastAnswerLength = 0;
  readonly #retry: RetryPolicy;
  readonly #now: () => number;

  constructor(private readonly options: SalesforceClientOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.#retry = {
      ...options.retry,
      shouldRetry: (response) => {
        // A retry would only spend more of an allowance the guard is about to protect.
        if (passesQuota(this.#usageOf(response), options.maxApiUsagePercent)) return false;
        return isRetryableResponse(response);
      },
    };
  }

  /** The org's API usage as of the last answer that reported it. */
  get lastApiUsage(): ApiUsage | undefined {
    return this.#lastUsage;
  }

  /**
   * Milliseconds from sending the last answered request (its last attempt, when retried) to the last
   * byte of its answer, before the answer is parsed (NaN before any): the org's latency for it. Sessions
   * are opened before the attempt is sent, so a token request is not part of it. Meant for a request
   * sent alone (the query's first page): requests in flight together share the attempt's time.
   */
  get lastAnswerMs(): number {
    return this.#lastAnswerMs;
  }

  /** The length of the last answer's body, in characters (0 before any): how much a page of it weighs. */
  get lastAnswerLength(): number {
    return this.#lastAnswerLength;
  }

  /** The org's time (epoch ms, to the second) of the first API answer this client received (its `Date` header). */
  get firstAnswerAt(): number | undefined {
    return this.#firstAnswerAt;
  }

  authenticate(signal?: AbortSignal): Promise<AuthSession> {
    return this.#session ?? this.#start({ signal });
  }

  /** Drops the rejected session and authenticates again, bypassing the credential's cache. */
  renewSession(signal?: AbortSignal): Promise<AuthSession> {
    return this.#start({ force: true, signal });
  }

  #start(request: { force?: boolean; signal?: AbortSignal }): Promise<AuthSession> {
    const session = this.options.credential.authenticate(authRequestFor(this.options.credential, request));
    this.#session = session;
    session.catch(() => {
      if (this.#session === session) this.#session = undefined;
    });
    return session;
  }

  firstPage(plan: QueryPlan, signal: AbortSignal): Promise<QueryPage> {
    const resource = plan.queryAll ? 'queryAll' : 'query';
    return this.#get(
      `/services/data/v${this.options.apiVersion}/${resource}?q=${encodeURIComponent(plan.query)}`,
      signal,
    );
  }

  nextPage(nextRecordsUrl: string, signal: AbortSignal): Promise<QueryPage> {
    return this.#get(nextRecordsUrl, signal);
  }

  #get(path: string, signal: AbortSignal): Promise<QueryPage> {
    const headers = { Accept: 'application/json', 'Sforce-Query-Options': `batchSize=${this.options.batchSize}` };
    return this.send({ path, headers }, signal).then(toQueryPage);
  }

  /**
   * Any API request on the org (Bulk API 2.0 jobs, describe): the session's headers, the retries, the
   * quota guard and the error mapping of every query request. Returns a successful answer or throws.
   */
  async send(request: ApiRequest, signal: AbortSignal): Promise<HttpResponse> {
    if (signal.aborted) throw new CancelledError('Salesforce query cancelled');
    const session = await this.authenticate(signal);
    const response = await this.options.http.request({
      method: request.method,
      url: `${session.baseUrl.replace(/\/+$/, '')}${request.path}`,
      headers: { ...session.headers, ...request.headers },
      json: request.json,
      signal,
      timeoutMs: this.options.timeoutMs,
      retry: this.#retry,
      onAttempt: () => {
        this.#lastAttemptAt = this.#now();
        this.options.onRequest();
      },
    });
    this.#lastAnswerMs = this.#now() - this.#lastAttemptAt;
    this.#lastAnswerLength = response.body.length;
    if (this.#firstAnswerAt === undefined) {
      const date = Date.parse(response.headers['date'] ?? '');
      if (!Number.isNaN(date)) this.#firstAnswerAt = date;
    }
    assertQuota(this.#usageOf(response), this.options.maxApiUsagePercent);
    if (response.status < 200 || response.status >= 300) throw mapSalesforceError(response);
    return response;
  }

  /** `/services/data/v{apiVersion}` */
  get dataPath(): string {
    return `/services/data/v${this.options.apiVersion}`;
  }

  #usageOf(response: HttpResponse): ApiUsage | undefined {
    const usage = parseApiUsage(response.headers['sforce-limit-info']);
    if (usage) this.#lastUsage = usage;
    return usage;
  }
}
