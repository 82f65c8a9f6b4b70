import type { AuthSession, HttpClient, HttpResponse, SinkCommitResult, SinkRecord, SinkRun } from '../../core/index.js';
import { FatalError } from '../../core/index.js';
import { toEnrichment, type Enrichment, type EnrichmentRequestBody } from './enrichment-body.js';
import { readEnrichmentResponse } from './enrichment-response.js';
import { enrichmentUrl } from './nexthink-urls.js';
import { RejectionTally } from './rejection-tally.js';
import type { SessionHolder } from './session-holder.js';

export interface EnrichmentRunOptions {
  readonly http: HttpClient;
  readonly sessions: SessionHolder;
  readonly domain: string;
  readonly batchSize: number;
  readonly maxInFlight: number;
  readonly signal: AbortSignal;
}

const retryRateLimitsAndServerErrors = (response: HttpResponse): boolean => response.status === 429 || response.status >= 500;

/**
 * One run against the Enrichment API. Records are grouped into batches of `batchSize`; a full batch
 * is sent at once, with at most `maxInFlight` requests in flight: when the window is full, `write`
 * returns a promise that settles once a slot frees (backpressure). Nexthink cannot stage, so what was
 * sent stays written even if the run fails later.
 */
export class EnrichmentRun implements SinkRun {
  readonly #options: EnrichmentRunOptions;
  readonly #controller = new AbortController();
  readonly #signal: AbortSignal;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #tally = new RejectionTally();
  #pending: Enrichment[] = [];
  #imported = 0;
  #failure: unknown;
  #finished = false;

  constructor(options: EnrichmentRunOptions) {
    this.#options = options;
    this.#signal = AbortSignal.any([options.signal, this.#controller.signal]);
  }

  write(records: readonly SinkRecord[]): void | Promise<void> {
    this.#check();
    return this.#writeFrom(records, 0);
  }

  async commit(): Promise<SinkCommitResult> {
    this.#check();
    this.#finished = true;
    while (this.#pending.length > 0 && this.#failure === undefined) {
      if (this.#inFlight.size >= this.#options.maxInFlight) await this.#slot();
      else this.#send();
    }
    await Promise.all(this.#inFlight);
    if (this.#failure !== undefined) throw this.#failure;
    const warnings = this.#tally.warnings();
    return warnings.length ? { importedRows: this.#imported, warnings } : { importedRows: this.#imported };
  }

  async abort(_reason: string): Promise<void> {
    this.#finished = true;
    this.#pending = [];
    this.#controller.abort();
    await Promise.all(this.#inFlight);
  }

  #writeFrom(records: readonly SinkRecord[], start: number): void | Promise<void> {
    const { batchSize, maxInFlight } = this.#options;
    for (let i = start; i < records.length; i++) {
      const enrichment = toEnrichment(records[i]!);
      if (enrichment === undefined) {
        this.#imported++; // nothing to set (every field kept): nothing can fail
        continue;
      }
      this.#pending.push(enrichment);
      if (this.#pending.length >= batchSize) {
        if (this.#inFlight.size >= maxInFlight) return this.#sendWhenFree(records, i + 1);
        this.#send();
      }
    }
  }

  async #sendWhenFree(records: readonly SinkRecord[], next: number): Promise<void> {
    await this.#slot();
    this.#check();
    this.#send();
    await this.#writeFrom(records, next);
  }

  #slot(): Promise<void> {
    return Promise.race(this.#inFlight);
  }

  #send(): void {
    const batch = this.#pending;
    this.#pending = [];
    const request: Promise<void> = this.#post(batch)
      .then((rejected) => {
        this.#imported += batch.length - rejected;
      })
      .catch((error: unknown) => {
        if (this.#failure === undefined) this.#failure = error;
        this.#controller.abort(); // stop the other requests: the run has failed
      })
      .finally(() => this.#inFlight.delete(request));
    this.#inFlight.add(request);
  }

  /** Sends one batch; re-authenticates once on 401. Returns how many objects were not imported. */
  async #post(enrichments: readonly Enrichment[]): Promise<number> {
    const body: EnrichmentRequestBody = { domain: this.#options.domain, enrichments };
    let session = await this.#options.sessions.current();
    let response = await this.#request(session, body);
    if (response.status === 401) {
      session = await this.#options.sessions.refresh(session);
      response = await this.#request(session, body);
    }
    return readEnrichmentResponse(response, enrichments.length, this.#tally);
  }

  #request(session: AuthSession, json: EnrichmentRequestBody): Promise<HttpResponse> {
    return this.#options.http.request({
      method: 'POST',
      url: enrichmentUrl(session.baseUrl),
      headers: { ...session.headers, accept: 'application/json' },
      json,
      signal: this.#signal,
      retry: { shouldRetry: retryRateLimitsAndServerErrors },
    });
  }

  #check(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#finished) throw new FatalError('SINK_RUN_FINISHED', 'This sink run was already committed or aborted');
  }
}
