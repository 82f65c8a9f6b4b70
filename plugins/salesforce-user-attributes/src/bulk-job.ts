import { isTributaryError, traceSpan, type HttpResponse, type SpanAttributes, type TraceSpan } from 'tributary-kit';
import { bulkJobId } from './bulk-job-id.js';
import { jsonObjectAnswer } from './json-object-answer.js';
import type { SalesforceClient } from './salesforce-client.js';
import { unexpectedResponse } from './unexpected-response.js';

type BulkJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface BulkJobInfo {
  readonly id: string;
  readonly state: BulkJobState;
  /** The object the query reads (`User`). */
  readonly object: string | undefined;
  readonly numberRecordsProcessed?: number;
  readonly errorMessage?: string;
}

/** One result set of a finished job: its CSV text and the locator of the next set (undefined after the last). */
export interface ResultSet {
  readonly csv: string;
  readonly records: number | undefined;
  readonly nextLocator: string | undefined;
}

/** A job's state on the span of the call that learnt it. */
function stateAttributes(info: BulkJobInfo): SpanAttributes {
  return {
    'salesforce.bulk_job.id': info.id,
    'salesforce.bulk_job.state': info.state,
    'salesforce.bulk_job.records_processed': info.numberRecordsProcessed,
  };
}

/**
 * One call of the job's life in its own span (`salesforce.bulk_job.create`, `.poll`, `.results`,
 * `.abort`, `.delete`), the parent of its HTTP request's span; every span names the job.
 */
function jobCall<T>(call: string, attributes: SpanAttributes, fn: (span: TraceSpan) => Promise<T>): Promise<T> {
  return traceSpan(`salesforce.bulk_job.${call}`, attributes, fn);
}

function jobInfo(response: HttpResponse): BulkJobInfo {
  const json = jsonObjectAnswer(response.body, 'a Bulk API 2.0 query job request');
  return {
    id: bulkJobId(json['id']),
    state: String(json['state']) as BulkJobState,
    object: typeof json['object'] === 'string' ? json['object'] : undefined,
    numberRecordsProcessed:
      typeof json['numberRecordsProcessed'] === 'number' ? json['numberRecordsProcessed'] : undefined,
    errorMessage: typeof json['errorMessage'] === 'string' ? json['errorMessage'] : undefined,
  };
}

/**
 * The Bulk API 2.0 query-job resource (`…/jobs/query`), through the connector's client (session,
 * retries, quota guard, error mapping). An expired session is renewed once per request and the request
 * sent again: jobs, unlike query locators, outlive the session that created them. A job id goes into
 * a path only once it is known to be one (`bulkJobId`), so an answer cannot send a request elsewhere.
 */
export class BulkJobApi {
  constructor(private readonly client: SalesforceClient) {}

  /** Any request of the Bulk read (the jobs, describe), sent again once with a renewed session after a 401. */
  send(request: Parameters<SalesforceClient['send']>[0], signal: AbortSignal): Promise<HttpResponse> {
    return this.client.send(request, signal).catch(async (error: unknown) => {
      if (!isTributaryError(error) || error.code !== 'SF_INVALID_SESSION_ID') throw error;
      await this.client.renewSession(signal);
      return this.client.send(request, signal);
    });
  }

  get dataPath(): string {
    return this.client.dataPath;
  }

  #jobs(): string {
    return `${this.client.dataPath}/jobs/query`;
  }

  #job(id: string, suffix = ''): string {
    return `${this.#jobs()}/${bulkJobId(id)}${suffix}`;
  }

  async create(query: string, queryAll: boolean, signal: AbortSignal): Promise<BulkJobInfo> {
    const json = {
      operation: queryAll ? 'queryAll' : 'query',
      query,
      contentType: 'CSV',
      columnDelimiter: 'COMMA',
      lineEnding: 'LF',
    };
    return jobCall('create', { 'salesforce.bulk_job.operation': json.operation }, async (span) => {
      const info = jobInfo(
        await this.send({ method: 'POST', path: this.#jobs(), json, headers: { Accept: 'application/json' } }, signal),
      );
      span.setAttributes(stateAttributes(info));
      return info;
    });
  }

  /** The job's state; an answer about another job is unexpected. */
  async poll(id: string, signal: AbortSignal): Promise<BulkJobInfo> {
    return jobCall('poll', { 'salesforce.bulk_job.id': id }, async (span) => {
      const info = jobInfo(await this.send({ path: this.#job(id), headers: { Accept: 'application/json' } }, signal));
      if (info.id !== id)
        throw unexpectedResponse(`Salesforce answered the poll of Bulk API 2.0 job ${id} with job ${info.id}`, {
          jobId: id,
        });
      span.setAttributes(stateAttributes(info));
      return info;
    });
  }

  /** One result set; its span says how many records it held and whether another follows. */
  async results(id: string, locator: string | undefined, maxRecords: number, signal: AbortSignal): Promise<ResultSet> {
    const attributes = { 'salesforce.bulk_job.id': id, 'salesforce.bulk_job.first_set': locator === undefined };
    return jobCall('results', attributes, async (span) => {
      const query = new URLSearchParams({ maxRecords: String(maxRecords), ...(locator ? { locator } : {}) });
      const response = await this.send(
        { path: this.#job(id, `/results?${query}`), headers: { Accept: 'text/csv' } },
        signal,
      );
      const next = response.headers['sforce-locator'];
      const count = Number(response.headers['sforce-numberofrecords']);
      const set = {
        csv: response.body,
        records: Number.isInteger(count) ? count : undefined,
        nextLocator: next && next !== 'null' ? next : undefined,
      };
      span.setAttributes({
        'salesforce.bulk_job.set_records': set.records,
        'salesforce.bulk_job.more': !!set.nextLocator,
      });
      return set;
    });
  }

  async abort(id: string, signal: AbortSignal): Promise<void> {
    await jobCall('abort', { 'salesforce.bulk_job.id': id }, () =>
      this.send(
        { method: 'PATCH', path: this.#job(id), json: { state: 'Aborted' }, headers: { Accept: 'application/json' } },
        signal,
      ),
    );
  }

  async delete(id: string, signal: AbortSignal): Promise<void> {
    await jobCall('delete', { 'salesforce.bulk_job.id': id }, () =>
      this.send({ method: 'DELETE', path: this.#job(id) }, signal),
    );
  }
}
