import {
  EMPTY_COMMIT_PLAN,
  FatalError,
  plural,
  type AuthSession,
  type CommitPlan,
  type HttpClient,
  type HttpResponse,
  type SinkCommitResult,
  type SinkRecord,
  type SinkRun,
} from 'tributary-kit';
import { toEnrichment, type Enrichment, type EnrichmentRequestBody } from './enrichment-body.js';
import { readEnrichmentResponse } from './enrichment-response.js';
import { enrichmentUrl } from './nexthink-urls.js';
import { RejectionTally } from './rejection-tally.js';
import { removalBatches } from './removal-batches.js';
import type { SessionHolder } from './session-holder.js';
import type { EnrichmentSpool } from './enrichment-spool.js';

export interface EnrichmentRunOptions {
  readonly http: HttpClient;
  readonly sessions: SessionHolder;
  readonly domain: string;
  readonly batchSize: number;
  readonly maxInFlight: number;
  readonly signal: AbortSignal;
  /** Holds the enrichments until the run commits. */
  readonly spool: EnrichmentSpool;
  /** The connector's mapping targets: what a user the commit plan removes gets cleared. */
  readonly targets: readonly string[];
}

/** One request's worth, and whether it clears removed users (not rows of the run: not counted as imported). */
interface Outgoing {
  readonly batch: readonly Enrichment[];
  readonly removal: boolean;
}

const removedUsers = (count: number): string => `Nexthink did not clear the fields of ${plural(count, 'removed user')}`;

const retryRateLimitsAndServerErrors = (response: HttpResponse): boolean =>
  response.status === 429 || response.status >= 500;

/**
 * One run against the Enrichment API. Nexthink cannot stage, so `write` only spools the enrichments
 * (nothing is sent while the run reads, and a run that fails or is refused by a guard sends nothing);
 * `commit` sends them in batches of `batchSize`, at most `maxInFlight` requests at once, then clears
 * the fields of the users its plan removes the same way ({@link removalBatches}). What was sent stays
 * written if sending fails half-way.
 */
export class EnrichmentRun implements SinkRun {
  readonly #options: EnrichmentRunOptions;
  readonly #controller = new AbortController();
  readonly #signal: AbortSignal;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #tally = new RejectionTally();
  readonly #removalTally = new RejectionTally(removedUsers);
  #imported = 0;
  #failure: unknown;
  #finished = false;

  constructor(options: EnrichmentRunOptions) {
    this.#options = options;
    this.#signal = AbortSignal.any([options.signal, this.#controller.signal]);
  }

  write(records: readonly SinkRecord[]): void | Promise<void> {
    this.#check();
    const enrichments: Enrichment[] = [];
    for (const record of records) {
      const enrichment = toEnrichment(record);
      if (enrichment === undefined)
        this.#imported++; // nothing to set (every field kept): nothing can fail
      else enrichments.push(enrichment);
    }
    return this.#options.spool.append(enrichments);
  }

  async commit(plan: CommitPlan = EMPTY_COMMIT_PLAN): Promise<SinkCommitResult> {
    this.#check();
    this.#finished = true;
    try {
      for await (const outgoing of this.#outgoing(plan)) {
        if (this.#failure !== undefined) break;
        if (this.#inFlight.size >= this.#options.maxInFlight) await this.#slot();
        if (this.#failure !== undefined) break;
        this.#send(outgoing);
      }
      await Promise.all(this.#inFlight);
    } finally {
      await this.#options.spool.discard();
    }
    if (this.#failure !== undefined) throw this.#failure;
    const warnings = [...this.#tally.warnings(), ...this.#removalTally.warnings()];
    return warnings.length ? { importedRows: this.#imported, warnings } : { importedRows: this.#imported };
  }

  async abort(_reason: string): Promise<void> {
    this.#finished = true;
    this.#controller.abort();
    await Promise.all(this.#inFlight);
    await this.#options.spool.discard();
  }

  /** The spooled rows, then the users the plan removes, in batches of `batchSize`. */
  async *#outgoing(plan: CommitPlan): AsyncGenerator<Outgoing> {
    const { spool, batchSize, targets } = this.#options;
    for await (const batch of spool.batches(batchSize)) yield { batch, removal: false };
    for (const batch of removalBatches(plan.remove, targets, batchSize)) yield { batch, removal: true };
  }

  #slot(): Promise<void> {
    return Promise.race(this.#inFlight);
  }

  #send({ batch, removal }: Outgoing): void {
    const request: Promise<void> = this.#post(batch, removal ? this.#removalTally : this.#tally)
      .then((rejected) => {
        if (!removal) this.#imported += batch.length - rejected;
      })
      .catch((error: unknown) => {
        if (this.#failure === undefined) this.#failure = error;
        this.#controller.abort(); // stop the other requests: the run has failed
      })
      .finally(() => this.#inFlight.delete(request));
    this.#inFlight.add(request);
  }

  /** Sends one batch; re-authenticates once on 401. Returns how many objects were not imported. */
  async #post(enrichments: readonly Enrichment[], tally: RejectionTally): Promise<number> {
    const body: EnrichmentRequestBody = { domain: this.#options.domain, enrichments };
    let session = await this.#options.sessions.current();
    let response = await this.#request(session, body);
    if (response.status === 401) {
      session = await this.#options.sessions.refresh(session);
      response = await this.#request(session, body);
    }
    return readEnrichmentResponse(response, enrichments.length, tally);
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
