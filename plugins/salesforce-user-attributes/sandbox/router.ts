/**
 * Dispatches a request to the token endpoint, the query endpoints or the small resources a client may
 * look at (`/services/data`, `/services/data/vXX.X`, `…/limits`); anything else is Salesforce's 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { admit, limitHeaders } from './api-gate.js';
import { sendApiError, sendJson } from './http-response.js';
import { handleLocator, handleQuery } from './query-endpoint.js';
import type { SandboxState } from './sandbox-state.js';
import { ApiError } from './soql-error.js';
import { handleToken } from './token-endpoint.js';

const NOT_FOUND = new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
/** API versions the sandbox answers to: 31.0 (Summer '14) … 68.0 (Winter '27). */
const VERSIONS = Array.from({ length: 38 }, (_, i) => `${31 + i}.0`);
const DATA_PATH = /^\/services\/data\/v(\d{2}\.0)(?:\/(query|queryAll|limits)(?:\/([A-Za-z0-9]+)-(\d+))?)?\/?$/;

function methodNotAllowed(method: string): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`);
}

function handleData(state: SandboxState, req: IncomingMessage, res: ServerResponse, url: URL): void {
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
  const body = resource === 'limits'
    ? { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) } }
    : { limits: `/services/data/v${version}/limits`, query: `/services/data/v${version}/query`, queryAll: `/services/data/v${version}/queryAll` };
  sendJson(res, 200, body, limitHeaders(state));
}

async function dispatch(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.url);
  if (url.pathname === '/services/oauth2/token') {
    if (req.method === 'POST') await handleToken(state, req, res);
    else sendJson(res, 405, { error: 'invalid_request', error_description: 'must use HTTP POST' });
  } else if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
    sendJson(res, 200, VERSIONS.map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version })));
  } else if (url.pathname.startsWith('/services/data/')) {
    handleData(state, req, res, url);
  } else {
    sendApiError(res, NOT_FOUND);
  }
}

export async function route(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  state.stats.requests += 1;
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
