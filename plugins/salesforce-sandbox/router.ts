/**
 * Dispatches a request to the token endpoint, the query endpoints or the small resources a client may
 * look at (`/services/data`, `/services/data/vXX.X`, `…/limits`); anything else is Salesforce's 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { admit, limitHeaders } from './api-gate.js';
import { handleBulk } from './bulk-endpoint.js';
import { handleDescribe } from './describe-endpoint.js';
import { sendApiError, sendJson } from './http-response.js';
import type { RequestKind } from './latency-model.js';
import { setPacing } from './paced-response.js';
import { handleLocator, handleQuery } from './query-endpoint.js';
import type { SandboxState } from './sandbox-state.js';
import { ApiError } from './soql-error.js';
import { handleToken } from './token-endpoint.js';

const NOT_FOUND = new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
/** API versions the sandbox answers to: 31.0 (Summer '14) … 68.0 (Winter '27). */
const VERSIONS = Array.from({ length: 38 }, (_, i) => `${31 + i}.0`);
const DATA_PATH = /^\/services\/data\/v(\d{2}\.0)(?:\/(query|queryAll|limits)(?:\/([A-Za-z0-9]+)-(\d+))?)?\/?$/;
const BULK_PATH = /^\/services\/data\/v(\d{2}\.0)\/jobs\/query(?:\/([A-Za-z0-9]{15,18})(\/results)?)?\/?$/;
const DESCRIBE_PATH = /^\/services\/data\/v(\d{2}\.0)\/sobjects\/([A-Za-z0-9_]+)\/describe\/?$/;
/** Bulk API 2.0 query jobs exist from API version 47.0. */
const FIRST_BULK_VERSION = 47;

function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`);
}

async function handleData(state: SandboxState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const bulk = BULK_PATH.exec(url.pathname);
  if (bulk && VERSIONS.includes(bulk[1] as string) && Number(bulk[1]) >= FIRST_BULK_VERSION) {
    await handleBulk(state, req, res, url, bulk[1] as string, bulk[2], bulk[3] !== undefined);
    return;
  }
  const describe = DESCRIBE_PATH.exec(url.pathname);
  if (describe && VERSIONS.includes(describe[1] as string) && (req.method === 'GET' || req.method === 'HEAD')) {
    handleDescribe(state, req, res, describe[2] as string);
    return;
  }
  const match = DATA_PATH.exec(url.pathname);
  const version = match?.[1];
  if (!match || !version || !VERSIONS.includes(version)) {
    sendApiError(res, NOT_FOUND);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendApiError(res, methodNotAllowed(req.method ?? ''), limitHeaders(state));
    return;
  }
  const [, , resource, locator, offset] = match;
  if (resource === 'query' || resource === 'queryAll') {
    if (locator !== undefined) handleLocator(state, req, res, locator, Number(offset));
    else handleQuery(state, req, res, version, resource === 'queryAll', url.searchParams.get('q'));
    return;
  }
  if (!admit(state, req, res, false)) return;
  const { used, max } = state.usage;
  const body =
    resource === 'limits'
      ? { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) } }
      : {
          limits: `/services/data/v${version}/limits`,
          query: `/services/data/v${version}/query`,
          queryAll: `/services/data/v${version}/queryAll`,
        };
  sendJson(res, 200, body, limitHeaders(state));
}

async function dispatch(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.url);
  if (url.pathname === '/services/oauth2/token') {
    if (req.method === 'POST') await handleToken(state, req, res);
    else sendJson(res, 405, { error: 'invalid_request', error_description: 'must use HTTP POST' });
  } else if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
    sendJson(
      res,
      200,
      VERSIONS.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })),
    );
  } else if (url.pathname.startsWith('/services/data/')) {
    await handleData(state, req, res, url);
  } else {
    sendApiError(res, NOT_FOUND);
  }
}

/** What the latency model charges for a request, from its path. */
function kindOf(pathname: string): RequestKind {
  if (pathname === '/services/oauth2/token') return 'token';
  const match = DATA_PATH.exec(pathname);
  if (match?.[2] === 'query' || match?.[2] === 'queryAll') return match[3] === undefined ? 'first-page' : 'next-page';
  return 'other';
}

/** Counts the request in flight (and, with the latency model, paces its answer) until it closes. */
function track(state: SandboxState, req: IncomingMessage, res: ServerResponse): void {
  const { stats } = state;
  stats.inFlight += 1;
  stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
  const running = { startedAt: state.clock.now() };
  state.running.add(running);
  res.once('close', () => {
    stats.inFlight -= 1;
    state.running.delete(running);
  });
  const model = state.options.latency;
  if (model) {
    const kind = kindOf(new URL(req.url ?? '/', 'http://sandbox').pathname);
    setPacing(res, { model, clock: state.clock, kind, records: 0, onModelled: (ms) => void (stats.modelledMs += ms) });
  }
}

export async function route(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.stats.requests += 1;
  res.setHeader('Date', new Date(state.orgNow()).toUTCString()); // the org's time, as edits see it
  track(state, req, res);
  try {
    if (state.options.latencyMs > 0) await delay(state.options.latencyMs);
    await dispatch(state, req, res);
  } catch (error) {
    if (res.headersSent) {
      res.destroy(error as Error);
      return;
    }
    const message = `An unexpected error occurred in the sandbox: ${(error as Error).message}`;
    sendApiError(res, new ApiError(500, 'UNKNOWN_EXCEPTION', message));
  }
}
