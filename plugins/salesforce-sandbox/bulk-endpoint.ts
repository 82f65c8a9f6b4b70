/**
 * Bulk API 2.0 query jobs: `POST …/jobs/query` creates one (`UploadComplete`), `GET …/jobs/query/{id}`
 * polls it, `PATCH` with `{"state":"Aborted"}` aborts it, `DELETE` deletes it, and
 * `GET …/jobs/query/{id}/results?maxRecords=N&locator=L` serves its rows as CSV with `Sforce-NumberOfRecords`
 * and `Sforce-Locator` (the literal `null` after the last set). A query Bulk cannot run (a compound
 * field, `COUNT()`) or the daily job limit is refused at creation, as Salesforce does. A job keeps the
 * rows its query matched at creation; a result set renders their fields as they are when it is served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit, limitHeaders } from './api-gate.js';
import { FAILED_JOB_MESSAGE, type BulkJob } from './bulk-job-store.js';
import { compileCsvRenderer } from './csv-renderer.js';
import { resolvePath } from './field-path.js';
import { send, sendApiError, sendJson } from './http-response.js';
import { executePlan, planQuery } from './query-plan.js';
import { readBody } from './read-body.js';
import type { SandboxState } from './sandbox-state.js';
import { ApiError } from './soql-error.js';
import { parseSoql } from './soql-parser.js';

const NOT_FOUND = new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
const COMPOUND = new ApiError(400, 'API_ERROR', 'Selecting compound data not supported in Bulk Query');
const AGGREGATE = new ApiError(400, 'API_ERROR', 'Aggregate queries are not supported in Bulk Query');
const JOB_LIMIT = new ApiError(
  400,
  'LIMIT_EXCEEDED',
  'Max bulk v2 query jobs (10000) per 24 hrs has been reached (10001)',
);
const NOT_COMPLETE = new ApiError(
  412,
  'JOB_NOT_COMPLETE',
  'can only download query results of successfully completed bulk job',
);
const BAD_LOCATOR = new ApiError(400, 'INVALID_LOCATOR', 'Invalid locator');
/** Rows per result set when the request gives no `maxRecords` (our choice; Salesforce sizes it itself). */
const DEFAULT_MAX_RECORDS = 100_000;

const invalidJob = (message: string): ApiError => new ApiError(400, 'INVALIDJOB', message);

function jobInfo(state: SandboxState, job: BulkJob): Record<string, unknown> {
  const jobState = state.bulkJobs.state(job);
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: state.userId,
    createdDate: job.createdDate,
    systemModstamp: job.createdDate,
    state: jobState,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.version),
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
    jobType: 'V2Query',
    numberRecordsProcessed: jobState === 'JobComplete' ? job.result.total : 0,
    retries: 0,
    totalProcessingTime: jobState === 'JobComplete' ? Math.round(job.processingMs) : 0,
    ...(jobState === 'Failed' ? { errorMessage: FAILED_JOB_MESSAGE } : {}),
  };
}

function createJob(state: SandboxState, version: string, body: Record<string, unknown>): BulkJob {
  const operation = body['operation'];
  if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`Invalid operation: ${String(operation)}`);
  if (body['contentType'] !== undefined && body['contentType'] !== 'CSV') throw invalidJob('contentType must be CSV');
  const soql = body['query'];
  if (typeof soql !== 'string' || soql.trim() === '') throw invalidJob('A query has to be specified');
  if (state.faults.bulkJobLimitExceeded) throw JOB_LIMIT;
  const query = parseSoql(soql);
  const plan = planQuery(state.catalog, query);
  if (query.count) throw AGGREGATE;
  const columns = query.fields.map((field) => {
    const path = resolvePath(state.catalog, plan.table, field, soql);
    return { name: [...path.hops.map((h) => h.relationship.name), path.field.name].join('.'), path };
  });
  if (columns.some((c) => c.path.field.type === 'address')) throw COMPOUND;
  state.stats.bulkJobsCreated += 1;
  return state.bulkJobs.create({
    operation,
    object: plan.table.name,
    version,
    result: executePlan(plan, operation === 'queryAll'),
    csv: compileCsvRenderer(columns),
    fails: state.faults.bulkJobFails === true,
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw invalidJob('The request body is not a JSON object');
}

function decodeLocator(locator: string | null): number {
  if (locator === null) return 0;
  const offset = Number(Buffer.from(locator, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw BAD_LOCATOR;
  return offset;
}

function sendResults(state: SandboxState, res: ServerResponse, job: BulkJob, url: URL): void {
  if (state.bulkJobs.state(job) !== 'JobComplete') throw NOT_COMPLETE;
  const offset = decodeLocator(url.searchParams.get('locator'));
  const max = Number(url.searchParams.get('maxRecords') ?? DEFAULT_MAX_RECORDS);
  if (!Number.isInteger(max) || max < 1) throw invalidJob('maxRecords must be a positive integer');
  const { result, csv } = job;
  const end = Math.min(result.total, offset + max);
  let body = csv.header;
  for (let at = offset; at < end; at++) body += csv.row(result.indices ? (result.indices[at] as number) : at);
  const next = end < result.total ? Buffer.from(String(end)).toString('base64').replace(/=+$/, '') : 'null';
  state.stats.bulkResultRequests += 1;
  send(res, 200, 'text/csv', [body], {
    ...limitHeaders(state),
    'Sforce-NumberOfRecords': String(Math.max(0, end - offset)),
    'Sforce-Locator': next,
  });
}

/** `…/jobs/query[/{id}[/results]]`. */
export async function handleBulk(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  version: string,
  jobId: string | undefined,
  results: boolean,
): Promise<void> {
  const body = req.method === 'POST' || req.method === 'PATCH' ? await readBody(req) : '';
  const session = admit(state, req, res, results); // result sets count as pages for the session-expiry fault
  if (!session) return;
  try {
    if (jobId === undefined) {
      if (req.method !== 'POST') throw NOT_FOUND;
      sendJson(res, 200, jobInfo(state, createJob(state, version, parseJson(body))), limitHeaders(state));
      return;
    }
    const job = state.bulkJobs.get(jobId);
    if (!job) throw NOT_FOUND;
    if (results) {
      sendResults(state, res, job, url);
      session.pagesServed += 1;
    } else if (req.method === 'DELETE') {
      state.bulkJobs.delete(job.id);
      state.stats.bulkJobsDeleted += 1;
      send(res, 204, 'text/plain', [], limitHeaders(state));
    } else if (req.method === 'PATCH') {
      if (parseJson(body)['state'] !== 'Aborted') throw invalidJob('Only the state Aborted can be set on a query job');
      if (!job.aborted) state.stats.bulkJobsAborted += 1;
      job.aborted = true;
      sendJson(res, 200, jobInfo(state, job), limitHeaders(state));
    } else {
      job.polls += 1;
      sendJson(res, 200, jobInfo(state, job), limitHeaders(state));
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendApiError(res, error, limitHeaders(state));
  }
}
