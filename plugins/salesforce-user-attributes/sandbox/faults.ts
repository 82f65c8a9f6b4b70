/**
 * Fault injection. `sandbox.faults` is a plain mutable object read on every request, so a test can
 * switch a fault on or off between two pages. One-shot faults clear themselves when they fire.
 */

export interface PageFault {
  /** 1-based page of a query (page 1 is the initial `query` response, page 2 the first locator page). */
  readonly page: number;
  /** Default 503. */
  readonly status?: number;
  /** An HTML body (a CDN/maintenance page) instead of Salesforce's JSON error array. */
  readonly html?: boolean;
  /** How many times the page fails before it is served; default 1. Decremented as it fires. */
  times?: number;
}

export interface SandboxFaults {
  /** After this many query pages served with one access token, that token is invalid (401 INVALID_SESSION_ID). Fires once. */
  expireSessionAfterPages?: number;
  /** Fail page K of any query with a 5xx (HTML or JSON body). */
  failPage?: PageFault;
  /** Sets the org's API usage counter (then cleared); usage keeps growing with each call from there. */
  quota?: { readonly used: number; readonly max: number };
  /** Every API call answers 403 REQUEST_LIMIT_EXCEEDED `TotalRequests Limit exceeded.` while set. */
  dailyLimitExceeded?: boolean;
  /** The next N API calls answer 403 REQUEST_LIMIT_EXCEEDED `ConcurrentPerOrgLongTxn Limit exceeded.`. */
  concurrentLimit?: number;
  /** The next locator request answers 400 INVALID_QUERY_LOCATOR. */
  invalidLocatorOnce?: boolean;
  /** The next API call answers 429 with no body. */
  rateLimit429Once?: boolean;
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

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Service Not Available</title></head><body><h1>Service Not Available</h1>'
  + '<p>The service is temporarily unavailable. Please try again later.</p></body></html>';

/** Body of an injected 5xx: an HTML page or a Salesforce error array. */
export function serverErrorBody(status: number, html: boolean): { contentType: string; body: string } {
  if (html) return { contentType: 'text/html; charset=UTF-8', body: HTML_PAGE };
  const [errorCode, message] = status === 503
    ? ['SERVER_UNAVAILABLE', 'Server too busy']
    : ['UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-1234 (-123456789)'];
  return { contentType: 'application/json;charset=UTF-8', body: JSON.stringify([{ message, errorCode }]) };
}
