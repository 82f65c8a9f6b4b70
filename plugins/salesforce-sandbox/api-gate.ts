/**
 * What every data API call goes through before it is served: the bearer token, the daily request
 * limit and its `Sforce-Limit-Info` header, and the request-level faults. Refusals are written here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send, sendApiError, type Headers } from './http-response.js';
import type { SandboxFaults } from './faults.js';
import type { SandboxState } from './sandbox-state.js';
import type { Session } from './session-store.js';
import { ApiError } from './soql-error.js';

export const INVALID_SESSION = new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
const DAILY_LIMIT = new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
const CONCURRENT_LIMIT = new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
const API_DISABLED = new ApiError(403, 'API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.');

/** The `Sforce-Limit-Info` header with the current usage. */
export function limitHeaders(state: SandboxState): Headers {
  const bursts = state.options.apiBursts;
  const suffix = bursts ? `; api-bursts=${bursts.used}/${bursts.max}` : '';
  return { 'Sforce-Limit-Info': `api-usage=${state.usage.used}/${state.usage.max}${suffix}` };
}

/** Counts the call against the daily limit; false when the limit is already spent. */
function countCall(state: SandboxState): boolean {
  const { faults, usage } = state;
  if (faults.quota) {
    usage.used = faults.quota.used;
    usage.max = faults.quota.max;
    delete faults.quota;
  }
  if (faults.dailyLimitExceeded || usage.used >= usage.max) return false;
  usage.used += 1;
  return true;
}

/** Whether the session-expiry fault kills this session now; counts the firing. */
function sessionExpires(faults: SandboxFaults, session: Session): boolean {
  const limit = faults.expireSessionAfterPages;
  if (limit === undefined || session.pagesServed < limit) return false;
  const left = (faults.expireSessionTimes ?? 1) - 1;
  if (left > 0) {
    faults.expireSessionTimes = left;
    faults.expireSessionAfterPages = 0; // the renewed session dies on its first query request
  } else {
    delete faults.expireSessionAfterPages;
    delete faults.expireSessionTimes;
  }
  return true;
}

/**
 * Salesforce's concurrency limit applies only to long requests: a new call is refused while the org
 * already has `longRequestLimit` requests running for `longRequestMs` or more (modelled time).
 */
function longRequestsAtLimit(state: SandboxState): boolean {
  const model = state.options.latency;
  if (!model) return false;
  const now = state.clock.now();
  let long = 0;
  for (const request of state.running) if (now - request.startedAt >= model.longRequestMs) long++;
  return long >= model.longRequestLimit;
}

/**
 * Admits an API call and returns its session, or writes the refusal and returns undefined.
 * `paging` marks query requests, which the session-expiry fault counts.
 */
export function admit(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  paging: boolean,
): Session | undefined {
  const { faults } = state;
  const session = state.sessions.find(req.headers.authorization);
  if (!session) {
    sendApiError(res, INVALID_SESSION, limitHeaders(state));
    return undefined;
  }
  if (paging && sessionExpires(faults, session)) {
    state.sessions.revoke(session);
    sendApiError(res, INVALID_SESSION, limitHeaders(state));
    return undefined;
  }
  if (faults.apiDisabled) {
    sendApiError(res, API_DISABLED, limitHeaders(state));
    return undefined;
  }
  if (!countCall(state)) {
    sendApiError(res, DAILY_LIMIT, limitHeaders(state));
    return undefined;
  }
  if ((faults.concurrentLimit ?? 0) > 0 || longRequestsAtLimit(state)) {
    if ((faults.concurrentLimit ?? 0) > 0) faults.concurrentLimit = (faults.concurrentLimit ?? 1) - 1;
    sendApiError(res, CONCURRENT_LIMIT, limitHeaders(state));
    return undefined;
  }
  if (faults.rateLimit429Once) {
    delete faults.rateLimit429Once;
    send(res, 429, 'text/plain', [], limitHeaders(state));
    return undefined;
  }
  return session;
}
