/**
 * Fault injection. `sandbox.faults` is a plain mutable object read on every request, so a test can
 * switch a fault on or off between two pages. One-shot faults clear themselves when they fire.
 */

export interface PageFault {
  /** 1-based page of a query (page 1 is the initial `query` response, page 2 the first locator page). */
  readonly page: number;
  /** Default 503. */
  readonly status?: number;
  /**
   * Default `json`: Salesforce's error array. `html`: a CDN/maintenance page. `empty`: no body at all, as
   * Salesforce's edge answers 406 and 420.
   */
  readonly body?: 'json' | 'html' | 'empty';
  /** How many times the page fails before it is served; default 1. Decremented as it fires. */
  times?: number;
}

export interface SandboxFaults {
  /**
   * After this many query pages served with one access token, that token is invalid (401 INVALID_SESSION_ID).
   * Fires once, unless `expireSessionTimes` asks for more.
   */
  expireSessionAfterPages?: number;
  /**
   * How many sessions the expiry kills (default 1). After the first, `expireSessionAfterPages` becomes 0:
   * the renewed token is rejected on its first query request, and so on until the count is spent.
   */
  expireSessionTimes?: number;
  /** Fail page K of any query with a 5xx (HTML or JSON body). */
  failPage?: PageFault;
  /** Sets the org's API usage counter (then cleared); usage keeps growing with each call from there. */
  quota?: { readonly used: number; readonly max: number };
  /** Every API call answers 403 REQUEST_LIMIT_EXCEEDED `TotalRequests Limit exceeded.` while set. */
  dailyLimitExceeded?: boolean;
  /** The next N API calls answer 403 REQUEST_LIMIT_EXCEEDED `ConcurrentPerOrgLongTxn Limit exceeded.`. */
  concurrentLimit?: number;
  /** The next locator request answers 400 INVALID_QUERY_LOCATOR (the same as `invalidLocatorTimes: 1`). */
  invalidLocatorOnce?: boolean;
  /** The next N locator requests answer 400 INVALID_QUERY_LOCATOR. Decremented as it fires. */
  invalidLocatorTimes?: number;
  /** Every API call answers 403 API_DISABLED_FOR_ORG while set (the org or the Run As user lacks "API Enabled"). */
  apiDisabled?: boolean;
  /** The last page of every query comes without `done` (Salesforce omits it on some final pages). */
  omitDone?: boolean;
  /** The next API call answers 429 with no body. */
  rateLimit429Once?: boolean;
  /** Creating a Bulk API 2.0 query job answers 400 LIMIT_EXCEEDED (the daily job limit) while set. */
  bulkJobLimitExceeded?: boolean;
  /** Bulk API 2.0 query jobs created while set end `Failed` (with an `errorMessage`) instead of `JobComplete`. */
  bulkJobFails?: boolean;
  /** The next N token requests answer this status with an empty body (the token endpoint's 503). */
  tokenFailure?: { readonly status: number; times?: number };
}

/** Consumes one firing of a counted fault; true when it fires. */
export function fire(fault: { times?: number } | undefined): boolean {
  if (!fault) return false;
  const left = fault.times ?? 1;
  if (left <= 0) return false;
  fault.times = left - 1;
  return true;
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Service Not Available</title></head><body><h1>Service Not Available</h1>' +
  '<p>The service is temporarily unavailable. Please try again later.</p></body></html>';

/** Body of an injected page failure: a Salesforce error array, an HTML page or nothing. */
export function pageFailureBody(
  status: number,
  kind: PageFault['body'] = 'json',
): { contentType: string; body: string } {
  if (kind === 'empty') return { contentType: 'text/plain', body: '' };
  if (kind === 'html') return { contentType: 'text/html; charset=UTF-8', body: HTML_PAGE };
  const [errorCode, message] =
    status === 503
      ? ['SERVER_UNAVAILABLE', 'Server too busy']
      : [
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-1234 (-123456789)',
        ];
  return { contentType: 'application/json;charset=UTF-8', body: JSON.stringify([{ message, errorCode }]) };
}
