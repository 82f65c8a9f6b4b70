import {
  AuthenticationError,
  ConfigError,
  FatalError,
  TransientError,
  type HttpResponse,
  type TributaryError,
} from 'tributary-kit';
import { readErrorBody, type ErrorBody } from './error-body.js';

const RETRYABLE_STATUSES = new Set([406, 420, 429]);
/** Errors only the operator can fix: the query, the API version, the org's or the user's settings. */
const CONFIG_CODES = new Set([
  'MALFORMED_QUERY',
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INVALID_QUERY_FILTER_OPERATOR',
  'API_DISABLED_FOR_ORG',
  'INSUFFICIENT_ACCESS',
  'NOT_FOUND',
  'TXN_SECURITY_METERING_ERROR',
]);
const HINTS: Readonly<Record<string, string>> = {
  API_DISABLED_FOR_ORG: 'the org or the Run As user lacks the "API Enabled" permission',
  NOT_FOUND: 'check parameters.apiVersion and the credential url',
  INVALID_SESSION_ID: 'the access token was rejected; check that the app grants the "api" OAuth scope',
  REQUEST_LIMIT_EXCEEDED: "the org's rolling 24-hour API request allowance is used up; not retried",
  HTTP_414: 'the query is too long: URI and headers must stay under 16,384 bytes',
  HTTP_431: 'the query is too long: URI and headers must stay under 16,384 bytes',
};

/** Salesforce answers worth repeating: 5xx, 406, 420, 429 and the concurrent long-transaction limit. */
export function isRetryableResponse(response: HttpResponse): boolean {
  const { status } = response;
  if (status >= 500 || RETRYABLE_STATUSES.has(status)) return true;
  return status === 403 && isConcurrentLimit(response.body);
}

function isConcurrentLimit(body: string): boolean {
  return body.includes('REQUEST_LIMIT_EXCEEDED') && body.includes('ConcurrentPerOrgLongTxn');
}

/** Maps a failed answer, once, to a typed error whose message a human can act on (never headers). */
export function mapSalesforceError(response: HttpResponse): TributaryError {
  const error = readErrorBody(response.body);
  const code = `SF_${error.errorCode && /^[A-Z][A-Z0-9_]*$/.test(error.errorCode) ? error.errorCode : `HTTP_${response.status}`}`;
  const details = { status: response.status, ...(error.errorCode ? { errorCode: error.errorCode } : {}) };
  const message = describe(response, error);
  if (response.status === 401 || error.errorCode === 'INVALID_SESSION_ID') {
    return new AuthenticationError(code, message, { details });
  }
  if (isRetryableResponse(response))
    return new TransientError(code, `${message} (still failing after retries)`, { details });
  if (CONFIG_CODES.has(error.errorCode ?? '') || response.status === 414 || response.status === 431) {
    return new ConfigError(code, message, { details });
  }
  return new FatalError(code, message, { details });
}

function describe(response: HttpResponse, error: ErrorBody): string {
  const { status } = response;
  const hint = isConcurrentLimit(response.body) ? undefined : HINTS[error.errorCode ?? `HTTP_${status}`];
  const text = error.errorCode
    ? `${error.errorCode}: ${error.message}`
    : `Salesforce answered HTTP ${status}: ${error.message}`;
  return hint ? `${text} (${hint})` : text;
}
