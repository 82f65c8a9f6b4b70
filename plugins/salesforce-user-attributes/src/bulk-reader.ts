import { setTimeout as sleep } from 'node:timers/promises';
import {
  CancelledError,
  ConfigError,
  FatalError,
  TransientError,
  isTributaryError,
  type SourceRecord,
} from 'tributary-kit';
import { BulkJobApi, type BulkJobInfo, type ResultSet } from './bulk-job.js';
import { csvRecordBuilder } from './csv-records.js';
import { PagingGuard } from './paging-guard.js';
import { resultSetRows } from './result-set-rows.js';
import { SObjectTypes } from './sobject-types.js';
import { foreignRecordType, notUserError } from './user-records.js';
import type { ReadSession, UserReader } from './user-reader.js';
import { DEFAULT_BULK_TIMING, type BulkTiming } from './bulk-timing.js';

/** Rows per batch handed to the host, like a REST page. */
const BATCH_ROWS = 2_000;
/** Error codes of a query REST would refuse too: no point falling back. */
const SOQL_ERRORS = new Set([
  'SF_MALFORMED_QUERY',
  'SF_INVALID_FIELD',
  'SF_INVALID_TYPE',
  'SF_INVALID_QUERY_FILTER_OPERATOR',
]);
/** The longest query the REST API takes in its URL (URI and headers under 16,384 bytes, with room for the rest). */
const REST_QUERY_LIMIT = 15_000;

/** How long a job creation may go on after the run is cancelled: long enough to learn the job's id and delete it. */
const CREATE_GRACE_MS = 5_000;

/**
 * Creates the job, letting the request finish for up to {@link CREATE_GRACE_MS} after the run is
 * cancelled: aborted in flight, Salesforce may have made the job without the run knowing its id, and
 * it would be left in the org. Created, the caller sees the cancellation and deletes it.
 */
async function createJob(api: BulkJobApi, query: string, queryAll: boolean, signal: AbortSignal): Promise<BulkJobInfo> {
  if (signal.aborted) throw new CancelledError('Salesforce query cancelled');
  const grace = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => (timer = setTimeout(() => grace.abort(signal.reason), CREATE_GRACE_MS));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await api.create(query, queryAll, grace.signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
    clearTimeout(timer);
  }
}

/**
 * Whether a refusal of the job (at creation) leaves the REST API worth trying: not for auth, quota,
 * cancel or a bad query, nor for an answer that is no refusal but not a job either (an id that is none).
 */
function restMayServe(error: unknown): boolean {
  if (!isTributaryError(error)) return false;
  if (error.category === 'auth' || error.category === 'cancelled' || error.category === 'transient') return false;
  if (
    SOQL_ERRORS.has(error.code) ||
    error.code === 'SF_API_QUOTA_GUARD' ||
    error.code === 'SF_API_DISABLED_FOR_ORG' ||
    error.code === 'SF_UNEXPECTED_RESPONSE'
  )
    return false;
  return !(error.code === 'SF_REQUEST_LIMIT_EXCEEDED' && error.category === 'fatal'); // the daily API limit
}

async function waitForJob(
  api: BulkJobApi,
  job: BulkJobInfo,
  timing: BulkTiming,
  signal: AbortSignal,
): Promise<BulkJobInfo> {
  const deadline = Date.now() + timing.timeoutMs;
  let wait = timing.pollInitialMs;
  let info = job;
  while (info.state === 'UploadComplete' || info.state === 'InProgress') {
    if (Date.now() >= deadline) {
      throw new TransientError(
        'SF_BULK_JOB_TIMEOUT',
        `Bulk API 2.0 job ${job.id} was not complete after ${Math.round(timing.timeoutMs / 1000)} s (state ${info.state}); it was aborted`,
        { details: { jobId: job.id } },
      );
    }
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => {
      throw new CancelledError('Salesforce query cancelled');
    });
    wait = Math.min(timing.pollMaxMs, wait * 1.5);
    info = await api.poll(job.id, signal);
  }
  return info;
}

/**
 * The query read as a Bulk API 2.0 query job: create it, poll it (growing waits, a timeout), then read
 * its CSV result sets one after the other (the next one fetched while the current one is parsed), turned
 * into the records REST would give. The job is deleted once read, and aborted first when the read fails
 * or is cancelled before it completed. A job Salesforce refuses (a compound field, the daily Bulk job
 * limit) or fails makes the read go on with the REST API (`fallback`), with a warning. The completed
 * job's `numberRecordsProcessed` is announced as the rows to expect.
 */
export function bulkReader(fallback: UserReader): UserReader {
  return async function* read(session): AsyncGenerator<{ records: readonly SourceRecord[] }> {
    const { context, client, deps } = session;
    const { parameters } = context;
    const timing = { ...DEFAULT_BULK_TIMING, ...deps.bulk };
    const api = new BulkJobApi(client);
    const toRest = (why: string): AsyncGenerator<{ records: readonly SourceRecord[] }> => {
      if (parameters.query.length > REST_QUERY_LIMIT) {
        throw new ConfigError(
          'SF_BULK_REFUSED',
          `${why}, and the query is too long for the REST API (URI and headers must stay under 16,384 bytes): shorten the query`,
        );
      }
      context.warn(`${why}: read with the REST API instead`);
      return fallback(session);
    };
    let job: BulkJobInfo;
    try {
      job = await createJob(api, parameters.query, parameters.queryAll, context.signal);
    } catch (error) {
      if (!restMayServe(error)) throw error;
      yield* toRest(`Bulk API 2.0 refused the query job (${(error as Error).message})`);
      return;
    }
    let complete = false;
    try {
      job = await waitForJob(api, job, timing, context.signal);
      if (job.state === 'Failed') {
        complete = true;
        yield* toRest(`Bulk API 2.0 job ${job.id} failed (${job.errorMessage ?? 'no reason given'})`);
        return;
      }
      if (job.state !== 'JobComplete')
        throw new FatalError('SF_BULK_JOB_ABORTED', `Bulk API 2.0 job ${job.id} ended as ${job.state}`, {
          details: { jobId: job.id },
        });
      complete = true;
      const foreign = foreignRecordType({ recordType: job.object });
      if (foreign !== undefined) throw notUserError(foreign);
      if (job.numberRecordsProcessed !== undefined)
        context.expectRows(job.numberRecordsProcessed, `Bulk API 2.0 job ${job.id} (numberRecordsProcessed)`);
      yield* readResults(session, api, job, timing);
    } finally {
      await cleanUp(session, api, job.id, !complete);
    }
  };
}

/** A result set requested: its place in the job's results (1 for the first) and the locator it was asked with. */
interface PendingSet {
  readonly ordinal: number;
  readonly locator: string | undefined;
  readonly set: Promise<ResultSet>;
}

async function* readResults(
  session: ReadSession,
  api: BulkJobApi,
  job: BulkJobInfo,
  timing: BulkTiming,
): AsyncGenerator<{ records: readonly SourceRecord[] }> {
  const { context } = session;
  const local = new AbortController();
  const signal = AbortSignal.any([context.signal, local.signal]);
  const types = new SObjectTypes(api, signal);
  const object = job.object ?? 'User';
  const guard = new PagingGuard({
    cursor: `Bulk API 2.0 job ${job.id}'s Sforce-Locator`,
    pages: `result sets of Bulk API 2.0 job ${job.id}`,
    details: { jobId: job.id },
  });
  let build: ((row: readonly string[]) => SourceRecord) | undefined;
  let received = 0;
  const more = (): boolean => received < context.maxRows && !context.stopRequested;
  const request = (ordinal: number, locator: string | undefined): PendingSet => {
    const set = api.results(job.id, locator, timing.maxRecords, signal);
    set.catch(() => undefined); // observed on the next turn
    return { ordinal, locator, set };
  };
  let pending: PendingSet | undefined = request(1, undefined);
  try {
    while (pending) {
      const { ordinal, locator }: PendingSet = pending;
      const set: ResultSet = await pending.set;
      pending =
        set.nextLocator !== undefined && more() ? request(ordinal + 1, guard.follow(set.nextLocator)) : undefined;
      let header = true;
      let rows = 0;
      let batch: SourceRecord[] = [];
      for await (const row of resultSetRows(set.csv, { jobId: job.id, ordinal, locator })) {
        if (header) {
          header = false;
          build ??= csvRecordBuilder(await Promise.all(row.map((name) => types.column(object, name))));
          continue;
        }
        rows += 1;
        batch.push((build as (row: readonly string[]) => SourceRecord)(row));
        if (batch.length === BATCH_ROWS) {
          received += batch.length;
          yield { records: batch };
          batch = [];
          if (context.signal.aborted) throw new CancelledError('Salesforce query cancelled');
          if (!more()) return;
        }
      }
      guard.received(rows, set.nextLocator !== undefined);
      if (batch.length > 0) {
        received += batch.length;
        yield { records: batch };
        if (!more()) return;
      }
    }
  } finally {
    local.abort();
    await pending?.set.catch(() => undefined);
  }
}

/** Deletes the job (aborting it first when it had not completed), whatever the run's own signal says. */
async function cleanUp(session: ReadSession, api: BulkJobApi, id: string, abort: boolean): Promise<void> {
  const signal = AbortSignal.timeout(30_000);
  try {
    if (abort) await api.abort(id, signal);
    await api.delete(id, signal);
  } catch (error) {
    session.context.logger.warn(
      `Could not ${abort ? 'abort and ' : ''}delete Bulk API 2.0 job ${id}: ${(error as Error).message}`,
    );
  }
}
