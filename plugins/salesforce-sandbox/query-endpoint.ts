/**
 * `GET …/query?q=` and `…/queryAll?q=` open a cursor and serve its first page; `GET …/query/<locator>-<offset>`
 * serves the following ones. Page bodies follow Salesforce: `totalSize`, `done`, `nextRecordsUrl` (absent
 * on the last page), `records`. `SELECT COUNT()` is answered at once: `totalSize`, `done: true`, no records.
 * A cursor keeps the rows its query matched when it opened; each page renders their fields as they are
 * when it is served (a row edited since shows its edit).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit, INVALID_SESSION, limitHeaders } from './api-gate.js';
import { nextRecordsUrl, type QueryCursor } from './cursor-store.js';
import { fire, pageFailureBody, type SandboxFaults } from './faults.js';
import { JSON_TYPE, send, sendApiError } from './http-response.js';
import { noteRecords } from './paced-response.js';
import { prepareQuery } from './page-cache.js';
import { renderRecords } from './page-renderer.js';
import { effectiveBatchSize } from './sandbox-options.js';
import type { SandboxState } from './sandbox-state.js';
import type { Session } from './session-store.js';
import { ApiError } from './soql-error.js';

const NO_QUERY = new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
const INVALID_LOCATOR = new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');

/** Answers page `pageIndex` (0 for the first) with the `failPage` fault's failure when it fires. */
function pageFails(state: SandboxState, res: ServerResponse, pageIndex: number): boolean {
  const failure = state.faults.failPage;
  if (!failure || failure.page !== pageIndex + 1 || !fire(failure)) return false;
  const status = failure.status ?? 503;
  const { contentType, body } = pageFailureBody(status, failure.body);
  send(res, status, contentType, [body], limitHeaders(state));
  return true;
}

/** `SELECT COUNT()`: the number of rows, and no record, as one page. */
function serveCount(state: SandboxState, res: ServerResponse, session: Session, total: number): void {
  if (pageFails(state, res, 0)) return;
  session.pagesServed += 1;
  noteRecords(res, 0);
  send(res, 200, JSON_TYPE, [`{"totalSize":${total},"done":true,"records":[]}`], limitHeaders(state));
}

function servePage(
  state: SandboxState,
  res: ServerResponse,
  session: Session,
  cursor: QueryCursor,
  offset: number,
): void {
  const { batchSize, result } = cursor;
  const pageIndex = Math.floor(offset / batchSize);
  if (pageFails(state, res, pageIndex)) return;
  const end = Math.min(result.total, offset + batchSize);
  const done = end >= result.total;
  const doneField = done && state.faults.omitDone ? '' : `,"done":${done}`;
  const head = `{"totalSize":${result.total}${doneField}${done ? '' : `,"nextRecordsUrl":${JSON.stringify(nextRecordsUrl(cursor, end))}`},"records":`;
  const fresh = cursor.editVersion === state.edits.version;
  const cached = offset % batchSize === 0 && fresh ? cursor.pages?.[pageIndex] : undefined;
  const records = cached ?? renderRecords(result, cursor.render, offset, batchSize);
  session.pagesServed += 1;
  noteRecords(res, end - offset);
  send(res, 200, JSON_TYPE, [head, records, '}'], limitHeaders(state));
}

export function handleQuery(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  version: string,
  queryAll: boolean,
  soql: string | null,
): void {
  state.stats.queryRequests += 1;
  const session = admit(state, req, res, true);
  if (!session) return;
  if (!soql) {
    sendApiError(res, NO_QUERY, limitHeaders(state));
    return;
  }
  const batchSize = effectiveBatchSize(
    req.headers['sforce-query-options'] as string | undefined,
    state.options.batchSize,
  );
  const key = { soql, version, batchSize, queryAll };
  let prepared;
  try {
    prepared = state.pageCache.get(key) ?? prepareQuery(state.catalog, key);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendApiError(res, error, limitHeaders(state));
    return;
  }
  if (prepared.count) {
    serveCount(state, res, session, prepared.result.total);
    return;
  }
  const { result, render, pages } = prepared;
  const editVersion = state.edits.version;
  const cursor = state.cursors.open({ result, render, pages, token: session.token, version, batchSize, editVersion });
  servePage(state, res, session, cursor, 0);
}

/** Consumes one firing of the invalid-locator faults; true when one fires. */
function invalidLocatorFault(faults: SandboxFaults): boolean {
  if (faults.invalidLocatorOnce) {
    delete faults.invalidLocatorOnce;
    return true;
  }
  if ((faults.invalidLocatorTimes ?? 0) <= 0) return false;
  faults.invalidLocatorTimes = (faults.invalidLocatorTimes ?? 1) - 1;
  return true;
}

export function handleLocator(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  locator: string,
  offset: number,
): void {
  state.stats.queryRequests += 1;
  const session = admit(state, req, res, true);
  if (!session) return;
  const cursor = state.cursors.get(locator);
  if (invalidLocatorFault(state.faults) || !cursor || offset >= cursor.result.total) {
    sendApiError(res, INVALID_LOCATOR, limitHeaders(state));
    return;
  }
  if (cursor.token !== session.token) {
    sendApiError(res, INVALID_SESSION, limitHeaders(state));
    return;
  }
  servePage(state, res, session, cursor, offset);
}
